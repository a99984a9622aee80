import { Command } from 'commander';
import Table from 'cli-table3';
import { tokensReport, type TokensReport } from '../../reports/tokens-report.ts';
import { visibleToken } from '../../models/token-text.ts';
import { formatHeader } from '../format/format-next-tokens.ts';
import { fixed } from '../../common/number-format.ts';
import { loadEngine } from '../load-engine.ts';
import { addModelOptions, addPromptOptions, type ModelCliOptions } from '../options.ts';
import { printShareLine } from '../print-share-line.ts';
import { surpriseReport } from '../../web/surprise-report.ts';

export function formatTokens(report: TokensReport): string {
  const table = new Table({ head: ['#', 'token', 'id', 'logprob', 'rank', ''], style: { head: [], border: [], compact: true } });
  report.tokens.forEach((t, i) => {
    // A bar of surprise (−logprob), so the tokens the model did not expect stand out.
    const bar = t.logprob === null ? '' : '█'.repeat(Math.min(30, Math.round(-t.logprob)));
    table.push([String(i), `'${visibleToken(t.text)}'`, String(t.id), fixed(t.logprob), t.rank === null ? '—' : String(t.rank), bar]);
  });
  const known = report.tokens.filter((t) => t.logprob !== null);
  const total = known.reduce((s, t) => s + (t.logprob ?? 0), 0);
  return [
    formatHeader(report.model, report.bos),
    table.toString(),
    `Total log-prob ${fixed(total)} over ${known.length} predicted tokens (mean ${fixed(known.length ? total / known.length : NaN)})`,
  ].join('\n');
}

export function tokensCommand(): Command {
  const command = new Command('tokens')
    .description('tokenize a text and show how surprised the model was by each token')
    .argument('<text>', 'the text to tokenize and score')
    .option('--share', 'store the result, with the top-5 at every token, in the catalog and print its permanent link (hunt serve; HUNT_PUBLIC_URL)');
  addPromptOptions(addModelOptions(command));
  return command.action(async (text: string, options: { bos: boolean; truncate?: boolean; json?: boolean; share?: boolean } & ModelCliOptions) => {
    const engine = await loadEngine(options);
    const report = await tokensReport(engine, text, options);
    console.log(options.json ? JSON.stringify(report, null, 2) : formatTokens(report));
    if (options.share) {
      // the shared page shows what the model expected at each token: the top-k is computed for it
      const output = await surpriseReport(engine, text, options);
      await printShareLine(engine, options, { kind: 'tokens', seed: null, input: { text, bos: options.bos, truncate: options.truncate ?? false }, output });
    }
  });
}
