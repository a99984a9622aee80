import { describeError } from '../common/errors.ts';
import { toolVersion } from '../common/tool-version.ts';
import type { EngineKind } from '../models/engine-kind.ts';
import { revisionOf, weightsSha256 } from '../models/model-revision.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { parseDeclarativeTask } from '../tasks/declarative-task.ts';
import { DEFAULT_N, DEFAULT_SEED, evaluateTask, type EvaluateOptions } from '../tasks/evaluate-task.ts';
import type { CatalogRecord } from './catalog-record.schema.ts';
import type { OwnEvaluation } from './catalog-repository.ts';
import { catalogFields, provenanceFields } from './evaluation-fields.ts';

/** Most prompts a re-evaluation runs, whatever n the file claims (the CLI's --n cap). */
export const REEVALUATE_N_MAX = 10_000;

/** Longest problem line printed. */
const PROBLEM_MAX = 300;

export interface Reevaluation {
  /** our figures, by task id: what importRecords stores in place of the claim */
  ours: Map<number, OwnEvaluation>;
  /** records that could not be evaluated here (e.g. a definition this version rejects), one line each: they import unverified */
  problems: string[];
}

/**
 * Evaluate each record's task on this engine (`hunt catalog import --reevaluate`), with the seed
 * and n its evaluation claims (so the figures are comparable), or the defaults, or `n` when
 * given. One record that cannot be evaluated is reported and imported unverified; the rest go on.
 */
export async function reevaluateRecords(
  records: readonly CatalogRecord[],
  engine: ScoringEngine,
  options: { kind: EngineKind; computedBy: string; n?: number; onProgress?: (record: CatalogRecord) => EvaluateOptions['onProgress'] },
): Promise<Reevaluation> {
  const sha = await weightsSha256(engine.loaded.source, options.kind);
  const revision = revisionOf(engine.loaded.source, sha);
  const ours = new Map<number, OwnEvaluation>();
  const problems: string[] = [];
  for (const record of records) {
    try {
      const task = parseDeclarativeTask(record.definition, `task #${record.task_id}`);
      const n = options.n ?? Math.min(record.evaluation?.n ?? DEFAULT_N, REEVALUATE_N_MAX);
      const report = await evaluateTask(engine, task, { n, seed: record.evaluation?.seed ?? DEFAULT_SEED, onProgress: options.onProgress?.(record) });
      const provenance = { model_id: engine.modelId, model_revision: revision, model_file_hash: sha, tool_version: toolVersion(), seed: report.seed, n: report.n, computed_by: options.computedBy };
      ours.set(record.task_id, { ...catalogFields(report), ...provenanceFields(provenance) });
    } catch (err) {
      // one line however many problems the definition has (they come one a line)
      const line = `task #${record.task_id} (${record.slug}) was not re-evaluated, it imports unverified: ${describeError(err).split('\n').map((l) => l.trim()).join(' ')}`;
      problems.push(line.length > PROBLEM_MAX ? `${line.slice(0, PROBLEM_MAX - 1)}…` : line);
    }
  }
  return { ours, problems };
}
