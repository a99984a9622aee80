/**
 * `npm run calibrate [-- --n 80 --seed 0 --task ioi …]`: every built-in task evaluated on the
 * hand-built adversaries (test/helpers/calibration-models.ts): a copier, and per task a unigram
 * that favours that task's own answers (the unigram that looks best on it). Neither implements
 * any behaviour, so every verdict must be none; one line per task and adversary with the figures
 * the verdict rests on. Exits 1 when an adversary is credited. The suite
 * (test/integration/eval/calibration.test.ts) runs a subset. `--no-control` judges the tasks
 * with their controls taken away, as a task file without `control:` is evaluated: against the
 * generic control (tasks/generic-control.ts).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GraphEngine } from '../../models/graph/graph-engine.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../tasks/builtin/index.ts';
import { evaluateTask } from '../../tasks/evaluate-task.ts';
import type { TaskDefinition } from '../../tasks/task-types.ts';
import { answerFavouringLogProbs, buildCopierGpt2, buildUnigramGpt2 } from '../helpers/calibration-models.ts';
import { CALIBRATION_N } from '../helpers/calibration-sweep.ts';

const { values } = parseArgs({ options: { n: { type: 'string' }, seed: { type: 'string', default: '0' }, task: { type: 'string', multiple: true }, 'no-control': { type: 'boolean', default: false } } });
const seed = Number(values.seed);
const nOverride = values.n === undefined ? undefined : Number(values.n);
if (!Number.isInteger(seed) || (nOverride !== undefined && !(Number.isInteger(nOverride) && nOverride >= 1))) {
  process.stderr.write('calibrate: --n must be a whole number ≥ 1 and --seed a whole number\n');
  process.exit(2);
}
const chosen = values.task?.length ? values.task.map((id) => findBuiltinTask(id) ?? (process.stderr.write(`calibrate: no built-in task "${id}"\n`), process.exit(2))) : BUILTIN_TASKS;
const tasks: TaskDefinition[] = values['no-control'] ? chosen.map(({ control: _control, ...task }) => task) : [...chosen];

const copierFolder = buildCopierGpt2({ nEmbd: 128, seed: 1 });
const copier = await GraphEngine.load({ model: copierFolder });
const fmt = (x: number | undefined | null) => (x === undefined || x === null ? '—' : Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(3) : x.toExponential(1));

let credited = 0;
process.stdout.write(`seed ${seed}${values['no-control'] ? '; controls taken away (the generic control instead)' : ''}; n per task ${nOverride ?? `80 (${Object.entries(CALIBRATION_N).map(([id, n]) => `${id} ${n}`).join(', ')})`}\n`);
process.stdout.write(`${'task'.padEnd(26)}${'adversary'.padEnd(10)}${'verdict'.padEnd(10)}${'upper'.padEnd(10)}${'gate p'.padStart(8)}${'P(ans)'.padStart(9)}${'effect'.padStart(9)}${'beats d.'.padStart(9)}${'controls'.padStart(10)}${'s'.padStart(7)}\n`);
for (const task of tasks) {
  const unigramFolder = buildUnigramGpt2({ logProbs: answerFavouringLogProbs([task], (t) => copier.encode(t)) });
  const unigram = await GraphEngine.load({ model: unigramFolder });
  for (const [name, engine] of [['copier', copier], ['unigram', unigram]] as const) {
    const started = performance.now();
    const n = nOverride ?? CALIBRATION_N[task.id] ?? 80;
    const report = await evaluateTask(engine, task, { n, seed });
    const seconds = (performance.now() - started) / 1000;
    if (report.verdict !== 'none' || report.verdict_upper !== 'none') credited++;
    process.stdout.write(
      `${task.id.padEnd(26)}${name.padEnd(10)}${report.verdict.padEnd(10)}${report.verdict_upper.padEnd(10)}${fmt(report.gate.p).padStart(8)}${fmt(report.metrics.mean_prob).padStart(9)}` +
        `${fmt(report.effect?.mean).padStart(9)}${fmt(report.metrics.beats_distractor).padStart(9)}${`${report.control?.n ?? 0}/${report.scored}`.padStart(10)}${seconds.toFixed(1).padStart(7)}\n`,
    );
    if (report.verdict !== 'none' || report.verdict_upper !== 'none') process.stdout.write(`    ${report.verdict_reason}\n`);
  }
  rmSync(unigramFolder, { recursive: true, force: true });
}
rmSync(copierFolder, { recursive: true, force: true });
process.stdout.write(`${credited} of ${tasks.length * 2} evaluations credit an adversary\n`);
process.exitCode = credited > 0 ? 1 : 0;
