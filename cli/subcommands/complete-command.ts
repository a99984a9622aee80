import { Command } from 'commander';
import { completeReport, type CompleteOptions, type CompleteReport } from '../../reports/complete-report.ts';
import { capTokens, capTop, checkSamplingFlags } from '../flag-caps.ts';
import { formatHeader, formatPromptTokens, formatTopTable } from '../format/format-next-tokens.ts';
import { loadEngine } from '../load-engine.ts';
import { addModelOptions, addPromptOptions, positiveNumber, wholeNumber, type ModelCliOptions } from '../options.ts';
import { printShareLine } from '../print-share-line.ts';

export function formatComplete(report: CompleteReport): string {
  return [
    formatHeader(report.model, report.bos),
    formatPromptTokens(report.prompt_tokens, report.bos, report.truncated),
    `Top ${report.top.length} next tokens:`,
    formatTopTable(report.top),
    `${report.sampled ? 'Sampled' : 'Greedy'} continuation (${report.continuation_tokens.length} tokens): ${JSON.stringify(report.continuation)}`,
  ].join('\n');
}

/** What a completion asks for: shared by `hunt complete` and `hunt enqueue complete`. */
export function addCompleteOptions(command: Command): Command {
  return command
    .option('--top <k>', 'how many next tokens to list', wholeNumber('top', 1), 10)
    .option('--tokens <n>', 'how many tokens to continue with', wholeNumber('tokens', 0), 20)
    .option('--sample', 'sample the continuation instead of greedy decoding')
    .option('--temperature <t>', 'with --sample: sampling temperature', positiveNumber('temperature'), 1)
    .option('--seed <n>', 'with --sample: sampling seed (same seed, same continuation)', wholeNumber('seed', 0), 0);
}

export function completeCommand(): Command {
  const command = new Command('complete')
    .description("show GPT-2's next-token predictions for a prompt, and a continuation")
    .argument('<prompt>', 'the text to continue')
    .option('--share', 'store the result in the catalog and print its permanent link (served by hunt serve; HUNT_PUBLIC_URL)');
  addPromptOptions(addModelOptions(addCompleteOptions(command)));
  return command.action(async (prompt: string, options: CompleteOptions & ModelCliOptions & { json?: boolean; share?: boolean }) => {
    checkSamplingFlags(command);
    const engine = await loadEngine(options);
    const top = capTop(options.top ?? 10, engine.loaded.vocabSize);
    const promptTokens = Math.min(engine.contextLength, engine.encode(prompt).length + (options.bos === false ? 0 : 1));
    const tokens = capTokens(options.tokens ?? 20, promptTokens, engine.contextLength);
    for (const note of [top.note, tokens.note]) if (note) process.stderr.write(`${note}\n`);
    const report = await completeReport(engine, prompt, { ...options, top: top.value, tokens: tokens.value });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatComplete(report));
    if (options.share) {
      const input = { prompt, top: options.top ?? 10, tokens: options.tokens ?? 20, sample: Boolean(options.sample), temperature: options.temperature ?? 1, bos: options.bos ?? true, truncate: options.truncate ?? false };
      await printShareLine(engine, options, { kind: 'complete', seed: options.sample ? (options.seed ?? 0) : null, input, output: report });
    }
  });
}
