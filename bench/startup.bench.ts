/**
 * `npm run bench:startup`: how long `hunt` takes to start and answer, as a user runs it
 * (`node bin/hunt.mjs …` in a fresh process each time), from the compiled build (dist/,
 * rebuilt first when stale) and from the TypeScript sources through tsx (HUNT_FROM_SOURCE=1),
 * side by side: the runs alternate, so both see the same machine load. Prints the median
 * and spread of wall time, and (from /usr/bin/time when present) the median CPU time
 * (user + system: what the run costs, which load does not inflate as it does wall time) and
 * peak memory.
 *
 * BENCH_BEFORE=<another checkout, built> adds its compiled `hunt` as a third column, run in
 * the same rotation: before/after figures for a change, measured under the same load.
 *
 * Targets: `hunt --help` < 0.5 s; `hunt complete` on the fixture model < 1.5 s.
 * Environment: BENCH_RUNS per cell (default 5), HUNT_MODEL (default the fixture).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'hunt.mjs');
const MODEL = process.env.HUNT_MODEL ?? path.join(ROOT, 'test', 'fixtures', 'tiny-gpt2');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const BEFORE = process.env.BENCH_BEFORE ? path.resolve(process.env.BENCH_BEFORE) : undefined;

const CASES: { name: string; args: string[] }[] = [
  { name: 'hunt --help', args: ['--help'] },
  { name: 'hunt complete --help', args: ['complete', '--help'] },
  { name: 'hunt eval --list', args: ['eval', '--list'] },
  { name: 'hunt complete (fixture, 20 tokens)', args: ['complete', 'When John and Mary went to the store, Mary gave a flower to', '--model', MODEL] },
];

interface Run {
  seconds: number;
  cpuSeconds?: number;
  peakMb?: number;
}

function runOnce(args: string[], fromSource: boolean, script: string[] = [BIN]): Run {
  const env = { ...process.env, HUNT_FROM_SOURCE: fromSource ? '1' : '0' };
  const command = TIME ? TIME : process.execPath;
  const argv = TIME ? ['-f', 'peak-kb %M cpu %U %S', process.execPath, ...script, ...args] : [...script, ...args];
  const started = performance.now();
  const result = spawnSync(command, argv, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`hunt ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const measured = /peak-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  if (!measured) return { seconds };
  return { seconds, peakMb: Number(measured[1]) / 1024, cpuSeconds: Number(measured[2]) + Number(measured[3]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// The compiled builds must be current, or bin/hunt.mjs would fall back to the sources.
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (BEFORE) execFileSync(process.execPath, [path.join(BEFORE, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: BEFORE });
const beforeBin = BEFORE ? [path.join(BEFORE, 'bin', 'hunt.mjs')] : undefined;

const cell = (runs: Run[]) => {
  const s = runs.map((r) => r.seconds);
  const cpu = runs.every((r) => r.cpuSeconds !== undefined) ? ` · cpu ${median(runs.map((r) => r.cpuSeconds!)).toFixed(2)} s` : '';
  const mem = runs.every((r) => r.peakMb !== undefined) ? ` · ${median(runs.map((r) => r.peakMb!)).toFixed(0)} MB` : '';
  return `${median(s).toFixed(2)} s [${Math.min(...s).toFixed(2)}–${Math.max(...s).toFixed(2)}]${cpu}${mem}`;
};

console.log(`\n${RUNS} runs per cell, in rotation; wall time median [min–max], CPU time (user + system) median, peak RSS median`);
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the start\n`);
console.log(`| command | compiled (dist/) | sources (tsx) | speed-up |${BEFORE ? ` compiled, before (${path.basename(BEFORE)}) |` : ''}`);
console.log(`| --- | ---: | ---: | ---: |${BEFORE ? ' ---: |' : ''}`);
// The floor: Node itself starting and exiting, on the same machine at the same time.
const floor = Array.from({ length: RUNS }, () => runOnce([], false, ['-e', '']));
console.log(`| \`node -e ""\` (Node's own start) | ${cell(floor)} | | |${BEFORE ? ' |' : ''}`);
for (const { name, args } of CASES) {
  runOnce(args, false); // warm the file cache for each
  runOnce(args, true);
  if (beforeBin) runOnce(args, false, beforeBin);
  const built: Run[] = [];
  const source: Run[] = [];
  const before: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    built.push(runOnce(args, false));
    source.push(runOnce(args, true));
    if (beforeBin) before.push(runOnce(args, false, beforeBin));
  }
  const ratio = median(source.map((r) => r.seconds)) / median(built.map((r) => r.seconds));
  console.log(`| \`${name}\` | ${cell(built)} | ${cell(source)} | ${ratio.toFixed(1)}× |${BEFORE ? ` ${cell(before)} |` : ''}`);
}
console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
