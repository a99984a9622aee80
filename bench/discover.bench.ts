/**
 * `npm run bench:discover`: `hunt discover`'s scan on GPT-2-small-sized random weights (124M
 * parameters, seeded; speed does not depend on the values) with the graph engine, over a
 * web-like corpus (bench/mixed-corpus.ts): positions per second, and the share of the time
 * spent in the model (full windows and short contexts) against the rest (tokenizing, n-gram
 * counts, features, grouping).
 *
 * Random weights are never sure, so the short-context baseline never runs in the scan: its row
 * times that check alone on as many positions, at most 1,000 (one (k + 2)-token sequence each, k = 4), the
 * most it could add if every position passed the other tests. A one-document scan runs first
 * as a warm-up (onnxruntime allocates its arenas on first use).
 *
 * Env: BENCH_DOCS (default 12 documents), BENCH_WINDOW (default 1024), BENCH_THREADS (default: the allowed cores).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';
import { seededRng } from '../common/random.ts';
import { discoverCorpus, type DiscoverOptions } from '../discover/discover-corpus.ts';
import { GraphEngine } from '../models/graph/graph-engine.ts';
import { GraphModel } from '../models/graph/graph-model.ts';
import { GPT2_SMALL_CONFIG, parameterCount, randomGpt2Weights } from '../models/graph/gpt2-weights.ts';
import { loadTokenizer } from '../models/load-model.ts';
import { resolveModelSource } from '../models/model-source.ts';
import { allowedCores } from './cpu-peak.ts';
import { mixedDocument } from '../test/helpers/mixed-corpus.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, '../test/fixtures/tiny-gpt2'); // for its real GPT-2 tokenizer only

const cores = allowedCores();
const threads = Number(process.env.BENCH_THREADS ?? cores.length);
const docs = Number(process.env.BENCH_DOCS ?? 12);
const window = Number(process.env.BENCH_WINDOW ?? 1024);
const config = GPT2_SMALL_CONFIG;

const t0 = performance.now();
const source = { ...resolveModelSource({ model: FIXTURE }), threads };
const tokenizer = await loadTokenizer(source, { needed: ['tokenizer.json', 'tokenizer_config.json'], fix: 'the bench needs the fixture tokenizer' });
const model = new GraphModel(randomGpt2Weights(config, 1), tokenizer, source, 'random GPT-2 small (seed 1)', { threads });
const engine = new GraphEngine(model);
const setupSeconds = (performance.now() - t0) / 1000;

const dir = mkdtempSync(path.join(os.tmpdir(), 'hunt-bench-discover-'));
const corpus = path.join(dir, 'corpus.jsonl');
const rng = seededRng(1);
writeFileSync(corpus, Array.from({ length: docs }, () => JSON.stringify({ text: mixedDocument(rng) })).join('\n') + '\n');

const table = new Table({ head: ['pass', 'positions', 'seconds', 'positions/s', 'in the model'], style: { head: [], border: [], compact: true } });
let positions = 0;
try {
  await discoverCorpus(engine, { corpus, window, nDocs: 1 });
  const { report } = await discoverCorpus(engine, { corpus, window });
  positions = report.positions;
  table.push(['scan (default rule)', positions.toLocaleString('en-US'), report.seconds.toFixed(1), report.positions_per_s.toFixed(0), `${((100 * report.seconds_model) / report.seconds).toFixed(1)}%`]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const k = 4;
const ids = engine.encode(Array.from({ length: 3 }, () => mixedDocument(rng)).join(' '));
const checked = Math.min(positions, 1_000);
const short = Array.from({ length: checked }, (_, i) => [model.bosId, ...ids.slice(i % (ids.length - k - 1), (i % (ids.length - k - 1)) + k + 1)]);
const t1 = performance.now();
await engine.idLogprobs(short, () => [k]);
const shortSeconds = (performance.now() - t1) / 1000;
table.push([`short-context check alone (k = ${k})`, checked.toLocaleString('en-US'), shortSeconds.toFixed(1), (checked / shortSeconds).toFixed(0), '100%']);

console.log(`GPT-2-small-sized random weights: ${(parameterCount(config) / 1e6).toFixed(1)}M parameters, fp32, graph engine; setup ${setupSeconds.toFixed(1)} s`);
console.log(`${docs} web-like documents, windows of ${window} tokens; ${threads} intra-op threads; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
console.log(table.toString());
