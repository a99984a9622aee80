import { toolVersion } from '../common/tool-version.ts';
import type { EngineKind } from '../models/engine-kind.ts';
import { revisionOf, weightsSha256 } from '../models/model-revision.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { parseDeclarativeTask } from '../tasks/declarative-task.ts';
import type { EvalReport } from '../tasks/eval-report.ts';
import { DEFAULT_N, DEFAULT_SEED, evaluateTask } from '../tasks/evaluate-task.ts';
import { findNearDuplicates, knownTasks, type NearDuplicate } from '../tasks/near-duplicates.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';
import type { CatalogRepository } from './catalog-repository.ts';
import { catalogFields, provenanceOf } from './evaluation-fields.ts';

/**
 * A task submitted without Discord (`hunt submit`): what `/task submit` does — validate, warn
 * about near-duplicates, evaluate, store the submission with its evaluation — but evaluated
 * here, by the submitter's own model, before anything is stored.
 */

/** A submission's definition and the task it defines, validated. */
export interface PreparedSubmission {
  definition: Record<string, unknown>;
  task: TaskDefinition;
}

/**
 * Validate a task definition as a submission: every problem at once (InputError), and its
 * status `submitted` whatever the file says (a submission cannot claim to be a known behaviour).
 */
export function prepareSubmission(data: Record<string, unknown>, origin: string): PreparedSubmission {
  const definition = { ...data, status: 'submitted' };
  return { definition, task: parseDeclarativeTask(definition, origin) };
}

export interface SubmitOptions {
  n?: number;
  seed?: number;
  /** the engine that runs the model: part of the weights' revision */
  engineKind: EngineKind;
  /** who computed the evaluation, e.g. "hunt submit on host" */
  computedBy: string;
  onProgress?: (done: number, total: number) => void;
}

/** What a submission stored: its ids, the warning, the report, and how it was computed (snake_case: the `--json` shape). */
export interface SubmissionResult {
  task_id: number;
  evaluation_id: number;
  submitter: string;
  near_duplicates: NearDuplicate[];
  report: EvalReport;
  provenance: { model: string; model_revision: string; /** the full sha256 of the weight file that ran (null: no file to hash, e.g. not downloaded) */ model_file_hash: string | null; tool_version: string; seed: number; n: number; computed_by: string };
}

/**
 * Check a prepared submission against the built-in and catalogued tasks, evaluate it, and
 * store the task with its evaluation (seed, n, model revision — the weights' sha256 for a
 * local model — and tool version) in one transaction: an evaluation that fails stores nothing.
 */
export async function submitEvaluatedTask(
  repo: CatalogRepository,
  engine: ScoringEngine,
  prepared: PreparedSubmission,
  submitter: string,
  options: SubmitOptions,
): Promise<SubmissionResult> {
  const near = findNearDuplicates(prepared, knownTasks(await repo.exportRecords()));
  const report = await evaluateTask(engine, prepared.task, { n: options.n ?? DEFAULT_N, seed: options.seed ?? DEFAULT_SEED, onProgress: options.onProgress });
  // the full sha256 of the weight file that ran, as workers store it; the revision is its short form
  const sha256 = await weightsSha256(engine.loaded.source, options.engineKind);
  const revision = revisionOf(engine.loaded.source, sha256);
  const provenance = provenanceOf(report, options.computedBy);
  const stored = await repo.submitEvaluatedTask(
    { definition: prepared.definition, submitter },
    {
      modelId: report.model,
      modelRevision: revision,
      modelFileHash: sha256 ?? undefined,
      ...catalogFields(report),
      ...provenance,
    },
  );
  return {
    task_id: stored.task.id,
    evaluation_id: stored.evaluationId,
    submitter,
    near_duplicates: near,
    report,
    provenance: { model: report.model, model_revision: revision, model_file_hash: sha256, tool_version: toolVersion(), seed: provenance.seed, n: provenance.n, computed_by: provenance.computedBy },
  };
}
