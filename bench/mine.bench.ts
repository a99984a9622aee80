/**
 * `npm run bench:mine`: how fast `hunt mine` scans, per built-in task, and that its memory stays flat.
 *
 * 1. Per task and engine (in-process, one thread): a generated mixed corpus (prose, HTML,
 *    code, changelogs; BENCH_MINE_MB, default 16 MB) scanned and judged exactly as a scan
 *    worker does (regex, census, heuristic on at most 3 matches per document). Throughput is
 *    megabytes per CPU-second of this thread (process.cpuUsage), so it is a per-core figure
 *    even on a busy machine; wall MB/s is shown beside it. A run stops after
 *    BENCH_MINE_TASK_S (default 20) CPU-seconds and reports on what it scanned.
 * 2. End to end (`mineCorpus`, JSONL on disk, auto engine): BENCH_MINE_E2E_MB (default 8) MB
 *    per task with one worker and with every core: reading, parsing, messaging, judging.
 * 3. Flat memory: a generated corpus of BENCH_MINE_FLAT_GB (default 1; 0 skips it) GB,
 *    mined with every core while the process's RSS (main thread + worker threads) is sampled
 *    every 100 ms; its peak and its value at each tenth of the way show whether memory
 *    grows with the corpus.
 * BENCH_MINE_TASKS=a,b limits the runs to those tasks.
 * Corpora are generated into a temporary folder, deleted at the end (also on failure).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { pick, seededRng } from '../common/random.ts';
import type { TaskSource } from '../corpus/load-task.ts';
import { mineCorpus, type MineOptions, type MineReport } from '../corpus/mine-corpus.ts';
import { scanBatch, scanState } from '../corpus/scan-batch.ts';
import type { ScanDoc } from '../corpus/scan-protocol.ts';
import { planTaskRegex, type RegexEngine } from '../corpus/task-regex.ts';
import { BUILTIN_TASKS } from '../tasks/builtin/index.ts';
import { mixedDocument } from '../test/helpers/mixed-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKENIZER = path.join(ROOT, 'test/fixtures/tiny-gpt2'); // the real GPT-2 tokenizer
const ACRONYM: TaskSource = { kind: 'module', url: new URL('../tasks/builtin/acronym.ts', import.meta.url).href, exportName: 'acronym' };
const TASK_MB = Number(process.env.BENCH_MINE_MB ?? 16);
const TASK_CPU_S = Number(process.env.BENCH_MINE_TASK_S ?? 20);
const E2E_MB = Number(process.env.BENCH_MINE_E2E_MB ?? 8);
const FLAT_GB = Number(process.env.BENCH_MINE_FLAT_GB ?? 1);
const CORES = os.availableParallelism();
const TARGET_MB_S = 50;
/** BENCH_MINE_TASKS=acronym,closing-tag: only these tasks */
const ONLY = process.env.BENCH_MINE_TASKS?.split(',');
const BENCH_TASKS = BUILTIN_TASKS.filter((t) => t.regex && (!ONLY || ONLY.includes(t.id)));

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we ' +
  'their said would when what about been who will more if out so up into than them can only other new some could time these two may then do first any'
).split(' ');
const ACRONYM_RATE = 0.0005;
const NAMES = 'National Aeronautics Space Administration World Health Organization Federal Bureau Investigation European Central Bank United Nations'.split(' ');

/** Mixed documents of about `bytes` characters in all, in memory. */
function mixedDocs(bytes: number, seed: number): ScanDoc[] {
  const rng = seededRng(seed);
  const docs: ScanDoc[] = [];
  for (let total = 0; total < bytes; ) {
    const text = mixedDocument(rng);
    docs.push({ id: `mixed#${docs.length}`, text, tokenize: false });
    total += text.length;
  }
  return docs;
}

/** A JSONL file of mixed documents, streamed to disk. */
async function writeMixed(file: string, bytes: number, seed: number): Promise<number> {
  const rng = seededRng(seed);
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  while (written < bytes) {
    const line = JSON.stringify({ text: mixedDocument(rng) }) + '\n';
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return written;
}

/** A JSONL corpus of English-like words with planted acronyms (the flat-memory run), streamed to disk. */
async function generateCorpus(file: string, bytes: number, seed: number): Promise<number> {
  const rng = seededRng(seed);
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  while (written < bytes) {
    const words: string[] = [];
    const length = 150 + Math.floor(rng() * 1200);
    for (let i = 0; i < length; i++) {
      words.push(pick(rng, WORDS));
      if (rng() < 0.06) words.push('.');
      if (rng() < ACRONYM_RATE) {
        const n = 2 + Math.floor(rng() * 3);
        const span = Array.from({ length: n }, () => pick(rng, NAMES));
        words.push(...span, `(${span.map((w) => w[0]).join('')})`);
      }
    }
    const line = JSON.stringify({ text: words.join(' ').replace(/ \./g, '.') }) + '\n';
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return written;
}

function mine(corpus: string, options: Partial<MineOptions>): Promise<MineReport> {
  return mineCorpus({ task: ACRONYM, corpus, examples: 0, model: { model: TOKENIZER }, ...options });
}

const cpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Scan and judge `docs` for a task on one engine in this thread; stops after TASK_CPU_S CPU-seconds. */
function scanInProcess(task: (typeof BUILTIN_TASKS)[number], engine: RegexEngine, docs: ScanDoc[]) {
  const state = scanState(task, { regex: planTaskRegex(task.regex!, engine), tokenizer: null, writeInstances: false, maxPerDoc: 3, seed: 0 });
  // a short warm-up, so the JIT has compiled the regex and the heuristic
  scanBatch(state, docs.slice(0, 20));
  let bytes = 0;
  let matches = 0;
  let judged = 0;
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  for (let i = 0; i < docs.length; i += 64) {
    const batch = docs.slice(i, i + 64);
    const r = scanBatch(state, batch);
    bytes += r.bytes;
    matches += r.matches;
    judged += r.records.length;
    if (cpuSeconds() - cpu0 > TASK_CPU_S) break;
  }
  const cpu = cpuSeconds() - cpu0;
  const wall = (performance.now() - wall0) / 1000;
  return { bytes, matches, judged, mbPerCpuS: bytes / 1e6 / cpu, mbPerWallS: bytes / 1e6 / wall };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'hunt-bench-mine-'));
try {
  const load = os.loadavg()[0].toFixed(1);
  console.log(`hunt mine, per built-in task: ${TASK_MB} MB of generated mixed text (prose, HTML, code, changelogs), one thread, ${CORES} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${load}`);
  const docs = mixedDocs(TASK_MB * 1e6, 1);
  const perTask = new Table({ head: ['task', 'engine', 'auto', 'MB scanned', 'matches', 'judged', 'MB/CPU-s', 'wall MB/s', `≥ ${TARGET_MB_S}`], style: { head: [], border: [] } });
  const slow: string[] = [];
  for (const task of BENCH_TASKS) {
    const auto = planTaskRegex(task.regex!, 'auto').engine;
    for (const engine of ['js', 're2'] as const) {
      try {
        planTaskRegex(task.regex!, engine);
      } catch {
        perTask.push([task.id, engine, '', 'cannot run', '', '', '', '', '']);
        continue;
      }
      const r = scanInProcess(task, engine, docs);
      const ok = r.mbPerCpuS >= TARGET_MB_S;
      if (engine === auto && !ok) slow.push(`${task.id} (${r.mbPerCpuS.toFixed(1)} MB/CPU-s)`);
      perTask.push([task.id, engine, engine === auto ? '✓' : '', (r.bytes / 1e6).toFixed(1), r.matches, r.judged, r.mbPerCpuS.toFixed(1), r.mbPerWallS.toFixed(1), engine === auto ? (ok ? 'yes' : 'NO') : '']);
    }
  }
  console.log(perTask.toString());
  console.log(slow.length === 0 ? `Every task on its auto engine: ≥ ${TARGET_MB_S} MB per CPU-second.` : `Below ${TARGET_MB_S} MB per CPU-second on the auto engine: ${slow.join(', ')}`);

  if (E2E_MB > 0) {
    const corpus = path.join(dir, 'mixed.jsonl');
    const size = await writeMixed(corpus, E2E_MB * 1e6, 2);
    console.log(`\nhunt mine end to end (mineCorpus: read, parse, scan, judge, merge; auto engine, tokens from bytes) on a ${(size / 1e6).toFixed(1)} MB JSONL file, load average ${os.loadavg()[0].toFixed(1)}`);
    const e2e = new Table({ head: ['task', 'engine', 'workers', 'docs', 'matches', 'judged', 'precision', 's in all', 'MB/s end to end', 'scan MB/s'], style: { head: [], border: [] } });
    for (const task of BENCH_TASKS) {
      for (const workers of [...new Set([1, CORES])]) {
        const r = await mineCorpus({ task: { kind: 'resolve', spec: task.id }, corpus, workers, tokens: 'bytes', examples: 0 });
        e2e.push([task.id, r.engine, workers, r.docs, r.matches, r.judged, r.precision.value === null ? '—' : r.precision.value.toFixed(2), r.seconds.toFixed(2), r.mb_per_s.toFixed(1), r.scan_mb_per_s.toFixed(1)]);
      }
    }
    console.log(e2e.toString());
    await rm(corpus);
  }

  if (FLAT_GB > 0) {
    const big = path.join(dir, 'flat-memory.jsonl');
    const started = performance.now();
    await generateCorpus(big, FLAT_GB * 1e9, 2);
    const { size: bigSize } = await stat(big);
    console.log(`\nFlat memory: a generated ${(bigSize / 1e9).toFixed(2)} GB JSONL corpus (written in ${((performance.now() - started) / 1000).toFixed(0)} s), ${CORES} workers, tokens sampled`);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const tenths: (number | undefined)[] = new Array(10).fill(undefined);
    let fraction = 0;
    const sampler = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      const tenth = Math.min(9, Math.floor(fraction * 10));
      tenths[tenth] = Math.max(tenths[tenth] ?? 0, rss);
    }, 100);
    const report = await mine(big, { workers: CORES, tokens: 'sample', onProgress: (p) => (fraction = p.totalBytes ? p.bytesRead / p.totalBytes : 0) });
    clearInterval(sampler);
    const mb = (b: number | undefined) => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)}`);
    const memory = new Table({ head: ['% of corpus', ...tenths.map((_, i) => `${i * 10}–${i * 10 + 10}`)], style: { head: [], border: [] } });
    memory.push(['peak RSS MiB', ...tenths.map(mb)]);
    console.log(memory.toString());
    console.log(
      `RSS before mining ${mb(baseline)} MiB, peak ${mb(peak)} MiB over ${report.docs.toLocaleString('en-US')} documents, ${(report.bytes / 1e9).toFixed(2)} GB, ` +
        `${report.matches.toLocaleString('en-US')} matches; ${report.mb_per_s.toFixed(1)} MB/s (scan ${report.scan_seconds.toFixed(1)} s)`,
    );
    const first = tenths[0] ?? baseline;
    console.log(`Growth from the first tenth to the peak: ${mb(peak - first)} MiB (${(((peak - first) / first) * 100).toFixed(0)}%)`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
