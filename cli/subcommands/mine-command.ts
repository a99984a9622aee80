import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { visibleToken } from '../../models/token-text.ts';
import { mineCorpus, type MineOptions, type MineProgress, type MineReport } from '../../corpus/mine-corpus.ts';
import type { MineExample, TokenCountMode } from '../../corpus/scan-protocol.ts';
import type { MineSamples } from '../../corpus/mine-tally.ts';
import type { Proportion } from '../../corpus/proportion-interval.ts';
import type { RegexEngineChoice } from '../../corpus/task-regex.ts';
import type { TxtDocuments } from '../../corpus/corpus-types.ts';
import { percent } from '../../common/number-format.ts';
import { maxWorkers } from '../flag-caps.ts';
import { wholeNumber } from '../options.ts';

const count = (n: number): string => n.toLocaleString('en-US');
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
/** Context on one line: line breaks and tabs made visible. */
const oneLine = (text: string): string => text.replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');

function formatExample(e: MineExample): string {
  const verdict = e.expected === null ? 'heuristic declined' : `heuristic: ${e.expected.map((a) => `"${visibleToken(a)}"`).join(' | ')} ${e.agrees ? '✓ equals the text' : '✗ differs from the text'}`;
  const instance = e.expected === null ? '' : e.instance ? '' : ' (not a real instance: the task\'s precondition fails)';
  return [`  ${e.doc} @${e.offset}`, `    …${oneLine(e.before)}⟦${oneLine(e.actual)}⟧${oneLine(e.after)}…`, `    ${verdict}${instance}`].join('\n');
}

/** "62.50% [45.1%, 77.3%] (25 of 40)", or a dash when there is nothing to count. */
function share(p: Proportion, of: string): string {
  if (p.value === null) return `— (0 ${of})`;
  return `${percent(p.value)} [${percent(p.low!)}, ${percent(p.high!)}] (${count(p.k)} of ${count(p.n)} ${of})`;
}

const SAMPLE_TITLES: Record<keyof MineSamples, string> = {
  agree: "the heuristic's answer is what the text says",
  disagree: 'the heuristic answers something else',
  declined: 'the heuristic declines',
};

/** The human-readable view of `hunt mine`; `--json` prints the MineReport itself. */
export function formatMine(report: MineReport): string {
  const engine = `${report.engine === 're2' ? 'RE2' : 'JS'}${report.regex_budget_ms === null ? '' : `, ${report.regex_budget_ms} ms budget per document`}`;
  const judged = [
    report.max_per_doc > 0 ? `at most ${report.max_per_doc} per document` : 'all',
    report.capped > 0 ? `${count(report.capped)} over the cap not judged` : '',
    report.duplicates > 0 ? `${count(report.duplicates)} duplicate prompts counted once` : '',
  ].filter(Boolean).join(', ');
  const lines = [
    `Mined task "${report.task}" in ${report.corpus}`,
    `  regex engine  ${engine}${report.engine_note ? ` — ${report.engine_note}` : ''}`,
    `  documents     ${count(report.docs)} scanned (${megabytes(report.bytes)})`,
    `  tokens        ${count(report.tokens)} — ${report.tokens_note}`,
    `  matches       ${count(report.matches)}${report.per_million_tokens === null ? '' : ` — ${report.per_million_tokens.toFixed(2)} per million tokens`}`,
    `  judged        ${count(report.judged)} (${judged})`,
    ...report.census.map((c) => `  census        ${count(c.count)} ${c.label}`),
    `  precision     ${share(report.precision, 'judged matches are real instances: the heuristic answers and the precondition holds')}`,
    `  declined      ${count(report.declined)} judged matches where the heuristic has no answer`,
    `  agreement     ${share(report.agreement, "answered matches: the heuristic's answer is what the text says next")}`,
    `  lenient       ${share(report.agreement_lenient, `answered matches: same first ${report.token_aligned ? 'GPT-2 token' : 'word piece'}, case-folded`)}`,
  ];
  if (!report.token_aligned) lines.push('  note          no tokenizer loaded (--tokens bytes, no --out): answer points are not moved to GPT-2 token boundaries');
  if (report.shards) {
    const failed = report.shards.failed.map((f) => `shard ${f.shard} (${f.files.join(', ')}): ${f.error}`);
    lines.push(`  shards        ${count(report.shards.total)} scanned on the queue by ${report.workers} worker${report.workers === 1 ? '' : 's'}${failed.length ? `; ${failed.length} failed, their files not counted:` : ''}`);
    lines.push(...failed.map((f) => `                ${f}`));
  }
  if (report.over_budget_docs > 0) {
    const listed = report.over_budget.map((d) => `${d.doc} (${count(d.bytes)} bytes)`).join(', ');
    const more = report.over_budget_docs > report.over_budget.length ? ` and ${count(report.over_budget_docs - report.over_budget.length)} more` : '';
    lines.push(`  over budget   ${count(report.over_budget_docs)} documents skipped, the regex ran over ${report.regex_budget_ms} ms on each: ${listed}${more}`);
  }
  lines.push(
    `  throughput    ${report.mb_per_s.toFixed(1)} MB/s end to end with ${report.workers} worker${report.workers === 1 ? '' : 's'} (${report.seconds.toFixed(2)} s in all; scan alone ${report.scan_mb_per_s.toFixed(1)} MB/s, ${report.scan_seconds.toFixed(2)} s)`,
  );
  if (report.out) {
    const sampled = report.out.sampled_from === undefined ? '' : `, a random sample of ${count(report.out.sampled_from)}`;
    lines.push(`  instances     ${count(report.out.instances)} written to ${report.out.path} (real instances${sampled}; prompts cut on the left to fit ${count(report.out.context_length)} tokens)`);
  }
  for (const kind of ['agree', 'disagree', 'declined'] as const) {
    const samples = report.samples[kind];
    if (samples.length === 0) continue;
    lines.push(`Samples: ${SAMPLE_TITLES[kind]} (first ${samples.length}; ⟦…⟧ is the text after the answer point):`);
    lines.push(...samples.map(formatExample));
  }
  return lines.join('\n');
}

/**
 * A progress bar on stderr while a terminal watches; nothing otherwise (pipes, CI, --json).
 * With the corpus size known (a file) it shows a bar and a percentage of bytes read from
 * disk; otherwise (a folder, the hub) only the running counts.
 */
function progressBar(): { update(p: MineProgress): void; stop(): void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(p) {
      const payload = { docs: count(p.docs), mb: megabytes(p.bytes), rate: `${(p.bytes / 1e6 / Math.max(p.seconds, 1e-3)).toFixed(1)} MB/s`, matches: count(p.matches) };
      const total = p.totalBytes ?? 0;
      if (!bar) {
        const counts = '{docs} docs | {mb} | {rate} | {matches} matches';
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: total ? `mining {bar} {percentage}% | ${counts}` : `mining | ${counts}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, payload);
      }
      bar.update(total ? Math.min(p.bytesRead, total) : 0, payload);
    },
    stop: () => bar?.stop(),
  };
}

/** The options addMineScanOptions defines. */
export interface MineScanCliOptions {
  corpus: string;
  json?: boolean;
  out?: string;
  tokens: TokenCountMode;
  examples: number;
  maxPerDoc: number;
  sample?: number;
  seed: number;
  regexEngine: RegexEngineChoice;
  regexBudget: number;
  textField: string;
  txtDocuments: TxtDocuments;
  model?: string;
  cacheDir?: string;
}

interface MineCliOptions extends MineScanCliOptions {
  limitDocs?: number;
  workers?: number;
}

/**
 * What `hunt mine` and `hunt enqueue mine` share: the task, the corpus and how it is
 * scanned and judged. One definition, so the two cannot drift apart.
 */
export function addMineScanOptions(command: Command): Command {
  return command
    .argument('<task>', 'a built-in task id or a task file (JSON/YAML) with a regex whose named group "answer" marks the answer point')
    .requiredOption('--corpus <path|hub id>', 'a .txt, .jsonl or .parquet file (or .gz of each), a folder of them, or a Hugging Face dataset id')
    .option('--out <file>', 'write instances as JSONL: { prompt, expected, actual, doc, offset } for answered matches')
    .addOption(new Option('--tokens <how>', 'how to count GPT-2 tokens: sample = tokenize the corpus\'s first 1M characters and one document in 64 (by a hash of its id), then estimate; exact = tokenize everything; bytes = estimate from bytes, no tokenizer needed').choices(['sample', 'exact', 'bytes']).default('sample'))
    .option('--examples <n>', 'matches kept in the JSON report with their context (the human view shows 10 samples of each kind)', wholeNumber('examples', 0), 5)
    .option('--max-per-doc <n>', 'matches judged per document, chosen at random (0: all); the total is still counted', wholeNumber('max-per-doc', 0), 3)
    .option('--sample <n>', 'write a seeded random sample of n instances to --out (reservoir sampling over the whole corpus)', wholeNumber('sample', 1))
    .option('--seed <n>', 'seed of the per-document choice and of --sample', wholeNumber('seed', 0), 0)
    .addOption(new Option('--regex-engine <engine>', 'auto: the engine measured faster for a built-in task, else RE2 (linear time) when the regex allows, else JS; every engine runs under --regex-budget').choices(['auto', 're2', 'js']).default('auto'))
    .option('--regex-budget <ms>', 'time the regex may spend on one document (either engine) before the document is skipped and reported', wholeNumber('regex-budget', 1), 1000)
    .option('--text-field <name>', 'JSONL field / parquet column holding the text', 'text')
    .addOption(new Option('--txt-documents <how>', '.txt files: documents separated by blank lines, or one document per file').choices(['blank-line', 'file']).default('blank-line'))
    .option('--model <id|folder>', 'where the GPT-2 tokenizer comes from (env HUNT_MODEL; default Xenova/gpt2)')
    .option('--cache-dir <folder>', 'where hub downloads are kept (env HUNT_CACHE_DIR; default ~/.cache/hunt/models)')
    .option('--json', 'print JSON (the documented, stable shape)');
}

export function mineCommand(): Command {
  const command = new Command('mine')
    .description("run a task's regex over a corpus: how often the behaviour occurs in real text, and how often the heuristic gets it right")
    .option('--limit-docs <n>', 'stop after n documents', wholeNumber('limit-docs', 1))
    .option('--workers <n>', `scan worker threads (default: one per core; at most cores × 2 = ${maxWorkers()})`, wholeNumber('workers', 1, maxWorkers(), `twice this machine's ${availableParallelism()} cores; more threads only add memory`));
  return addMineScanOptions(command).action(async (task: string, options: MineCliOptions) => {
    const bar = options.json ? undefined : progressBar();
    const mineOptions: MineOptions = {
      task: { kind: 'resolve', spec: task },
      corpus: options.corpus,
      read: { textField: options.textField, txtDocuments: options.txtDocuments },
      limitDocs: options.limitDocs,
      workers: options.workers,
      tokens: options.tokens,
      model: { model: options.model, cacheDir: options.cacheDir },
      out: options.out,
      examples: options.examples,
      maxPerDoc: options.maxPerDoc,
      sample: options.sample,
      seed: options.seed,
      regexEngine: options.regexEngine,
      regexBudgetMs: options.regexBudget,
      onProgress: bar?.update,
    };
    let report: MineReport;
    try {
      report = await mineCorpus(mineOptions);
    } finally {
      bar?.stop();
    }
    console.log(options.json ? JSON.stringify(report, null, 2) : formatMine(report));
  });
}
