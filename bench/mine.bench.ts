/**
 * `npm run bench:mine`: how fast `hunt mine` scans, and that its memory stays flat.
 *
 * 1. Throughput: a generated JSONL corpus of English-like text with planted acronyms
 *    (BENCH_MINE_MB, default 200 MB), mined for the built-in `acronym` task with 1 … every
 *    core's worth of workers; RE2 (the regex translates) against the JS engine; token counts
 *    from bytes (pure scan cost) against `sample` (GPT-2's tokenizer on ~2% of documents).
 * 2. Flat memory: a generated corpus of BENCH_MINE_FLAT_GB (default 1; 0 skips it) GB,
 *    mined with every core while the process's RSS (main thread + worker threads) is sampled
 *    every 100 ms; its peak and its value at each tenth of the way show whether memory
 *    grows with the corpus.
 * Corpora are generated into a temporary folder, deleted at the end (also on failure).
 * Timings include reading and JSON parsing in the main thread; scan MB/s excludes worker start-up.
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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOKENIZER = path.join(ROOT, 'test/fixtures/tiny-gpt2'); // the real GPT-2 tokenizer
const ACRONYM: TaskSource = { kind: 'module', url: new URL('../tasks/builtin/acronym.ts', import.meta.url).href, exportName: 'acronym' };
const THROUGHPUT_MB = Number(process.env.BENCH_MINE_MB ?? 200);
const FLAT_GB = Number(process.env.BENCH_MINE_FLAT_GB ?? 1);
const CORES = os.availableParallelism();

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we ' +
  'their said would when what about been who will more if out so up into than them can only other new some could time these two may then do first any ' +
  'my now such like our over man me even most made after also did many before must through back years where much your way well down should because each'
).split(' ');
/** planted acronyms per word: about one document in three holds one (dense enough to exercise the heuristic path) */
const ACRONYM_RATE = 0.0005;
const NAMES = 'National Aeronautics Space Administration World Health Organization Federal Bureau Investigation European Central Bank United Nations'.split(' ');

/** A JSONL corpus of about `bytes` bytes, streamed to disk (never held in memory). */
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

const dir = await mkdtemp(path.join(os.tmpdir(), 'hunt-bench-mine-'));
try {
  const corpus = path.join(dir, 'throughput.jsonl');
  const size = await generateCorpus(corpus, THROUGHPUT_MB * 1e6, 1);
  console.log(`hunt mine throughput on a generated ${(size / 1e6).toFixed(0)} MB JSONL corpus (task acronym), ${CORES} cores available (${os.cpus()[0]?.model ?? 'unknown CPU'})`);
  const table = new Table({ head: ['workers', 'engine', 'tokens', 'docs', 'matches', 'scan s', 'scan MB/s', 'total s'], style: { head: [], border: [] } });
  const runs: { workers: number; engine: 're2' | 'js'; tokens: 'bytes' | 'sample' }[] = [];
  for (let workers = 1; workers <= CORES; workers = workers < CORES && workers * 2 > CORES ? CORES : workers * 2) {
    runs.push({ workers, engine: 're2', tokens: 'bytes' });
  }
  runs.push({ workers: CORES, engine: 'js', tokens: 'bytes' }, { workers: CORES, engine: 're2', tokens: 'sample' });
  for (const run of runs) {
    const r = await mine(corpus, { workers: run.workers, regexEngine: run.engine, tokens: run.tokens });
    table.push([run.workers, r.engine, r.tokens_method, r.docs, r.matches, r.scan_seconds.toFixed(2), r.mb_per_s.toFixed(1), r.seconds.toFixed(2)]);
  }
  console.log(table.toString());
  await rm(corpus);

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
