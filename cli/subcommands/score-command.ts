import { Command } from 'commander';
import type { ScoredAnswer } from '../../models/engine-types.ts';
import { scoreReport, type ScoreReport } from '../../reports/score-report.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatHeader, formatPromptTokens, formatTopTable } from '../format/format-next-tokens.ts';
import { fixed, percent } from '../../common/number-format.ts';
import { capTop } from '../flag-caps.ts';
import { loadEngine } from '../load-engine.ts';
import { addModelOptions, addPromptOptions, collect, wholeNumber, type ModelCliOptions } from '../options.ts';
import { printShareLine } from '../print-share-line.ts';

function describeAnswer(a: Omit<ScoredAnswer, 'alternative' | 'note'>): string {
  const tokens = a.tokens.map((t) => `'${visibleToken(t.text)}'=${t.id}`).join(' ');
  const steps = a.token_logprobs.length > 1 ? ` (per token: ${a.token_logprobs.map((l) => fixed(l)).join(' + ')})` : '';
  return `"${a.answer}" [${tokens}]  rank ${a.rank}  logit ${fixed(a.logit)}  prob ${percent(a.prob)}  logprob ${fixed(a.logprob)}${steps}`;
}

export function formatScore(report: ScoreReport): string {
  const lines = [formatHeader(report.model, report.bos), formatPromptTokens(report.prompt_tokens, report.bos, report.truncated), 'Answers:'];
  for (const a of report.answers) {
    lines.push(`  ${describeAnswer(a)}`);
    if (a.boundary_merge) lines.push('    ⚠ a BPE merge crosses the prompt/answer boundary');
    if (a.note) lines.push(`    note: ${a.note}`);
    if (a.alternative) lines.push(`    alternative: ${describeAnswer(a.alternative)}`);
  }
  if (report.logit_diff !== undefined) {
    lines.push(`Logit difference ("${report.answers[0].answer}" − "${report.answers[1].answer}", first tokens): ${fixed(report.logit_diff)}`);
  }
  lines.push(`Top ${report.top.length} next tokens:`);
  lines.push(formatTopTable(report.top, new Set(report.answers.map((a) => a.token_ids[0]))));
  return lines.join('\n');
}

/** What a score asks for: shared by `hunt score` and `hunt enqueue score`. */
export function addScoreOptions(command: Command): Command {
  return command
    .option('-a, --answer <text>', 'an answer to score (required); repeat for several; mind the leading space: " John"', collect)
    .option('--top <k>', 'how many next tokens to list', wholeNumber('top', 1), 10);
}

export function scoreCommand(): Command {
  const command = new Command('score')
    .description('score expected answers as continuations of a prompt (rank, probability, logit difference)')
    .argument('<prompt>', 'the text before the answer')
    .option('--share', 'store the result in the catalog and print its permanent link (served by hunt serve; HUNT_PUBLIC_URL)');
  addPromptOptions(addModelOptions(addScoreOptions(command)));
  return command.action(async (prompt: string, options: { answer?: string[]; top: number; bos: boolean; truncate?: boolean; json?: boolean; share?: boolean } & ModelCliOptions) => {
    const answers = options.answer ?? [];
    if (answers.length === 0) command.error('error: give at least one --answer, e.g. --answer " John"', { exitCode: 2 });
    const engine = await loadEngine(options);
    const top = capTop(options.top, engine.loaded.vocabSize);
    if (top.note) process.stderr.write(`${top.note}\n`);
    const report = await scoreReport(engine, prompt, answers, { ...options, top: top.value });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatScore(report));
    if (options.share) {
      const input = { prompt, answers, top: options.top, bos: options.bos, truncate: options.truncate ?? false };
      await printShareLine(engine, options, { kind: 'score', seed: null, input, output: report });
    }
  });
}
