import { describe, expect, it } from 'vitest';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { evaluateTasks, outFileLines } from '../../../tasks/evaluate-tasks.ts';
import { instanceRecordSchema } from '../../../tasks/instance-record.ts';
import { summarizeRecords } from '../../../tasks/metrics/eval-summary.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { fixtureInductionTask } from '../../helpers/fixture-induction-task.ts';

describe('hunt eval --all --out', () => {
  it('GIVEN several tasks THEN each line carries its task, the p its records give and the Holm-corrected p_holm the verdict was decided on', async () => {
    const engine = await fixtureEngine();
    const tasks = [fixtureInductionTask, findBuiltinTask('induction-random-tokens')!, findBuiltinTask('ioi')!];
    const evaluation = await evaluateTasks(engine, tasks, { n: 24, seed: 1 });
    const lines = outFileLines(evaluation).map((line) => JSON.parse(line) as { task: string; p: number; p_holm: number });
    expect(lines).toHaveLength(evaluation.records.length);
    expect(new Set(lines.map((l) => l.task))).toStrictEqual(new Set(tasks.map((t) => t.id)));
    for (const report of evaluation.reports) {
      const mine = lines.filter((l) => l.task === report.task);
      const records = mine.map((l) => instanceRecordSchema.parse(l));
      // the file alone reproduces the uncorrected p; p_holm is what the report's verdict rests on
      const reanalysed = summarizeRecords(records, report.seed);
      expect(new Set(mine.map((l) => l.p)), report.task).toStrictEqual(new Set([reanalysed.gate.p]));
      expect(new Set(mine.map((l) => l.p_holm)), report.task).toStrictEqual(new Set([report.evidence.p]));
      expect(report.gate.correction).toBe('holm');
      expect(mine[0].p_holm).toBeGreaterThanOrEqual(mine[0].p);
    }
    // over three tasks the smallest p is multiplied by three (capped at 1): the correction did something
    const smallest = Math.min(...lines.map((l) => l.p));
    expect(lines.find((l) => l.p === smallest)!.p_holm).toBe(Math.min(1, 3 * smallest));
  }, 60_000);

  it('GIVEN one task THEN lines are the bare records, as before', async () => {
    const evaluation = await evaluateTasks(await fixtureEngine(), [fixtureInductionTask], { n: 8, seed: 1 });
    const lines = outFileLines(evaluation).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => ['task', 'p', 'p_holm'].filter((k) => k in l))).toStrictEqual(lines.map(() => []));
    expect(lines.map((l) => instanceRecordSchema.parse(l))).toStrictEqual(evaluation.records.map((r) => r.record));
  });
});
