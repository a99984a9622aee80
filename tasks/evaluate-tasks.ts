import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { EvalReport } from './eval-report.ts';
import { evaluateTaskWithRecords, type EvaluateOptions } from './evaluate-task.ts';
import type { InstanceRecord } from './instance-record.ts';
import { withCorrectedP } from './metrics/eval-summary.ts';
import { holmAdjust } from './metrics/significance.ts';
import type { TaskDefinition } from './task-types.ts';

export interface TasksEvaluation {
  /** one report per task, in order; with several tasks each gate's p is Holm-corrected over them and the verdicts re-decided */
  reports: EvalReport[];
  records: { task: string; record: InstanceRecord }[];
}

/**
 * Evaluate tasks one after another with one engine: the data behind `hunt eval` and
 * `hunt eval --all`. `onProgress` gets each task's id with its progress.
 */
export async function evaluateTasks(
  engine: ScoringEngine,
  tasks: readonly TaskDefinition[],
  options: Omit<EvaluateOptions, 'onProgress'> = {},
  onProgress?: (task: string) => (done: number, total: number) => void,
): Promise<TasksEvaluation> {
  const reports: EvalReport[] = [];
  const records: TasksEvaluation['records'] = [];
  for (const task of tasks) {
    // evaluateTask fills in the defaults (n: DEFAULT_N, or every instance; seed: DEFAULT_SEED; bos: true; copier and unigram baselines)
    const result = await evaluateTaskWithRecords(engine, task, { ...options, onProgress: onProgress?.(task.id) });
    reports.push(result.report);
    records.push(...result.records.map((record) => ({ task: task.id, record })));
  }
  if (reports.length > 1) {
    // one gate p-value per task: Holm's correction over the tasks, and the verdicts re-decided on it
    const adjusted = holmAdjust(reports.map((r) => r.gate.p));
    return { reports: reports.map((r, i) => withCorrectedP(r, adjusted[i], 'holm')), records };
  }
  return { reports, records };
}

/**
 * The lines of `hunt eval --out`: one per prompt. Of several tasks, each line also names its
 * task and carries the task's gate p-value as computed (`p`) and Holm-corrected over the tasks
 * of the run (`p_holm`), which the verdicts were decided on and which a re-analysis of the
 * records alone cannot recover (the correction depends on the other tasks).
 *
 * @example outFileLines(await evaluateTasks(engine, BUILTIN_TASKS))[0] // '{"task":"induction-random-tokens","p":0.0001,"p_holm":0.0013,"prompt":…}'
 */
export function outFileLines({ reports, records }: TasksEvaluation): string[] {
  if (reports.length <= 1) return records.map(({ record }) => JSON.stringify(record));
  const gates = new Map(reports.map((r) => [r.task, r.gate]));
  return records.map(({ task, record }) => {
    const gate = gates.get(task);
    return JSON.stringify({ task, p: gate?.p ?? null, p_holm: gate?.p_adjusted ?? null, ...record });
  });
}
