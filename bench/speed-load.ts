/**
 * One cold process of `npm run bench:speed`: load the graph engine from a model folder, score one
 * 512-token text, and print load time and memory as JSON on stdout. A process of its own, so
 * its peak RSS is the engine's and nothing else's.
 *
 * Usage: tsx bench/speed-load.ts <model folder> <text file>
 */
import { readFileSync } from 'node:fs';
import { GraphEngine } from '../models/graph/graph-engine.ts';

const [folder, textFile] = process.argv.slice(2);
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const t0 = performance.now();
const engine = await GraphEngine.load({ model: folder });
const loadMs = performance.now() - t0;
const rssLoaded = process.memoryUsage().rss;
await engine.tokenLogprobs([readFileSync(textFile, 'utf8')]);
const rssScored = process.memoryUsage().rss;
console.log(JSON.stringify({ loadMs: Math.round(loadMs), rssLoadedMb: mb(rssLoaded), rssScoredMb: mb(rssScored), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), heapMb: mb(process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers) }));
