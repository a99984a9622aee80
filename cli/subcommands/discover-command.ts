import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../../common/errors.ts';
import type { TxtDocuments } from '../../corpus/corpus-types.ts';
import { openCorpus } from '../../corpus/open-corpus.ts';
import { readFile } from 'node:fs/promises';
import { describeIssues } from '../../common/describe-issues.ts';
import { DISCOVER_DEFAULTS, DISCOVER_MAX_DOCS, scanCorpus, type DiscoverProgress } from '../../discover/discover-corpus.ts';
import { MAX_COUNTED_TOKENS } from '../../discover/trigram-counts.ts';
import { discoverPartialSchema, type DiscoverPartial } from '../../discover/discover-partial.ts';
import { mergePartials, type DiscoverResult } from '../../discover/merge-partials.ts';
import { emitCandidateTask } from '../../discover/emit-task.ts';
import { readBaselineCorpusText, tokenizeBaselineCorpus } from '../../models/baselines/baseline-engines.ts';
import { formatDiscoverReport } from '../format/format-discover-report.ts';
import { loadEngine } from '../load-engine.ts';
import { addModelOptions, wholeNumber, type ModelCliOptions } from '../options.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';

const count = (n: number): string => n.toLocaleString('en-US');

/** A number in [min, max], with a specific message. */
function numberIn(name: string, min: number, max: number, minOpen = false) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || (minOpen && value === min) || value > max) {
      throw new InvalidArgumentError(`${name} must be a number ${minOpen ? '>' : '≥'} ${min} and ≤ ${max} (got "${raw}").`);
    }
    return value;
  };
}

/**
 * "2/4" → { index: 2, count: 4 }.
 *
 * @example shardSpec('0/3') // { index: 0, count: 3 }
 */
export function shardSpec(raw: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count) throw new InvalidArgumentError(`shard must be i/n with 0 ≤ i < n, e.g. 0/4 (got "${raw}").`);
  return { index, count };
}

/** Read --merge files, each one line of error when it is not a partial result. */
async function readPartials(files: readonly string[]): Promise<DiscoverPartial[]> {
  return Promise.all(
    files.map(async (file) => {
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError('bad_option', `cannot read --merge ${file}: ${code ?? 'not JSON'}`);
      }
      const parsed = discoverPartialSchema.safeParse(data);
      if (!parsed.success) throw new InputError('bad_option', `--merge ${file} is not a partial result of hunt discover --partial-out: ${describeIssues(parsed.error.issues, { limit: 2 })}`);
      return parsed.data;
    }),
  );
}

/** A bar on stderr while a terminal watches: documents counted, then positions scanned, with MB/s and tokens/s. */
function progressBar(): { update(p: DiscoverProgress): void; stop(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(p) {
      const rate = (x: number) => x / Math.max(p.seconds, 1e-3);
      const payload = {
        phase: p.phase === 'count' ? 'reading' : 'scanning',
        docs: count(p.docs),
        mb: `${(p.bytes / 1e6).toFixed(1)} MB`,
        speed: p.phase === 'count' ? `${(rate(p.bytes) / 1e6).toFixed(1)} MB/s` : `${count(Math.round(rate(p.positions)))} tokens/s`,
        wins: count(p.wins),
        positions: count(p.positions),
      };
      const total = p.phase === 'scan' ? p.tokens : 0;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: '{phase} {bar} {percentage}% | {docs} docs | {mb} | {positions} positions | {speed} | {wins} wins', hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(1, total), 0, payload);
      }
      bar.setTotal(Math.max(1, total));
      bar.update(p.phase === 'scan' ? p.positions : 0, payload);
    },
    stop: () => bar?.stop(),
  };
}

interface DiscoverCliOptions extends ModelCliOptions {
  corpus?: string;
  shard?: { index: number; count: number };
  partialOut?: string;
  merge?: string[];
  nDocs: number;
  window: number;
  minProb: number;
  margin: number;
  shortContext: number;
  minWins: number;
  examples: number;
  baselineCorpus?: string;
  out?: string;
  emitTask?: string;
  seed: number;
  textField: string;
  txtDocuments: TxtDocuments;
  json?: boolean;
}

export function discoverCommand(): Command {
  const d = DISCOVER_DEFAULTS;
  const command = new Command('discover')
    .description('search a corpus for in-context wins (the model right and sure where n-gram and short-context baselines are not) and group them into candidate behaviours')
    .option('--corpus <path|hub id>', 'a .txt, .jsonl or .parquet file (or .gz of each), a folder of them, or a Hugging Face dataset id')
    .option('--shard <i/n>', 'scan only documents d with d mod n = i (every shard counts all documents\' n-grams); write the result with --partial-out, then --merge the shards', shardSpec)
    .option('--partial-out <file>', 'write the scan\'s counts and sampled wins as JSON for --merge, instead of the report')
    .option('--merge <files...>', 'merge the --partial-out files of a sharded scan into the report (no model, no corpus needed)')
    .option('--n-docs <n>', `documents read (tokenized and kept in memory; at most ${count(DISCOVER_MAX_DOCS)}, and ${count(MAX_COUNTED_TOKENS)} tokens in all)`, wholeNumber('n-docs', 1, DISCOVER_MAX_DOCS, 'each document is kept in memory with its n-gram counts'), d.nDocs)
    .option('--window <tokens>', "tokens the model sees at once; documents are cut into windows of this many (at most the model's context less one place for <|endoftext|>: 1,023 for GPT-2; larger values are cut to that)", wholeNumber('window', 2), d.window)
    .option('--min-prob <p>', 'a win needs P(model) ≥ p for the actual next token, and each baseline below p', numberIn('min-prob', 0, 1, true), d.minProb)
    .option('--margin <nats>', "a win needs log P(model) at least this far above each baseline's (1.6 ≈ five times as likely)", numberIn('margin', 0, 50), d.margin)
    .option('--short-context <k>', 'the short-context baseline: the model given only the last k tokens', wholeNumber('short-context', 1, 64), d.shortContext)
    .option('--min-wins <n>', 'a candidate needs at least n wins (and a win rate above the positions no feature explains)', wholeNumber('min-wins', 1), d.minWins)
    .option('--examples <n>', 'examples shown per candidate', wholeNumber('examples', 0, 100), d.examples)
    .option('--baseline-corpus <file>', 'text file the n-gram baseline counts in (default: the scanned corpus, each document left out of its own counts)')
    .option('--out <file>', 'write the candidates as JSON lines, one a line')
    .option('--emit-task <candidate id>', 'print the candidate as a declarative task file (YAML) for hunt eval, instead of the report')
    .option('--seed <n>', 'seed of the instances sampled for --emit-task and of their controls', wholeNumber('seed', 0), 0)
    .option('--text-field <name>', 'JSONL field / parquet column holding the text', 'text')
    .addOption(new Option('--txt-documents <how>', '.txt files: documents separated by blank lines, or one document per file').choices(['blank-line', 'file']).default('blank-line'))
    .option('--json', 'print JSON (the documented, stable shape)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  hunt discover --corpus owt.jsonl --n-docs 200                       # candidates, win rates, examples',
        '  hunt discover --corpus owt.jsonl --emit-task induction-word-word > task.yaml && hunt eval task.yaml',
        '  hunt discover --corpus owt.jsonl --shard 0/4 --partial-out s0.json  # one of 4 shards (any machine)',
        '  hunt discover --merge s0.json s1.json s2.json s3.json               # the report of all four',
      ].join('\n'),
    );
  addModelOptions(command);
  return command.action(async (options: DiscoverCliOptions) => {
    if ((options.corpus === undefined) === (options.merge === undefined)) {
      throw new InputError('bad_option', 'give either --corpus (a scan) or --merge (the partial results of a sharded scan)');
    }
    if (options.partialOut && options.merge) throw new InputError('bad_option', '--partial-out writes a scan\'s counts; --merge reads them: give one');
    if (options.out) checkOutputFile('--out', options.out);
    if (options.partialOut) checkOutputFile('--partial-out', options.partialOut);
    const merge = { minWins: options.minWins, examples: options.examples, instances: DISCOVER_DEFAULTS.instances, seed: options.seed };
    let result: DiscoverResult;
    if (options.merge) {
      result = mergePartials(await readPartials(options.merge), merge);
    } else {
      const read = { textField: options.textField, txtDocuments: options.txtDocuments };
      const corpus = await openCorpus(options.corpus!, read);
      // read the baseline corpus before the model loads: a bad file is one line at once
      const baselineText = options.baselineCorpus ? await readBaselineCorpusText(options.baselineCorpus) : undefined;
      const engine = await loadEngine(options);
      const baselineCorpus = options.baselineCorpus && baselineText !== undefined ? { ids: tokenizeBaselineCorpus(baselineText, engine.loaded), name: options.baselineCorpus } : undefined;
      const bar = options.json || options.emitTask ? undefined : progressBar();
      let partial: DiscoverPartial;
      try {
        partial = await scanCorpus(engine, {
          corpus,
          read,
          nDocs: options.nDocs,
          window: options.window,
          minProb: options.minProb,
          margin: options.margin,
          shortContext: options.shortContext,
          seed: options.seed,
          shard: options.shard,
          baselineCorpus,
          onProgress: bar?.update,
        });
      } finally {
        bar?.stop();
      }
      if (options.partialOut) {
        writeOutputFile('--partial-out', options.partialOut, JSON.stringify(partial));
        console.log(`wrote shard ${partial.shard.index}/${partial.shard.count} of ${partial.corpus} to ${options.partialOut}: ${count(partial.positions)} positions, ${count(partial.wins)} wins`);
        return;
      }
      result = mergePartials([partial], merge);
    }
    const { report, instances } = result;
    if (options.out) writeOutputFile('--out', options.out, report.candidates.map((c) => JSON.stringify(c)).join('\n') + (report.candidates.length ? '\n' : ''));
    if (options.emitTask) {
      const candidate = report.candidates.find((c) => c.id === options.emitTask);
      if (!candidate) {
        const known = report.candidates.map((c) => c.id).join(', ');
        throw new InputError('bad_option', `no candidate "${options.emitTask}" cleared the bar in this run${known ? `; candidates: ${known}` : ' (none did)'}`);
      }
      process.stdout.write(emitCandidateTask(report, candidate, instances.get(candidate.id) ?? [], options.seed));
      return;
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : formatDiscoverReport(report));
  });
}
