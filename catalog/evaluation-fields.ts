import { toolVersion } from '../common/tool-version.ts';
import type { EvalReport } from '../tasks/eval-report.ts';
import type { NewEvaluation } from './catalog-repository.ts';

/**
 * Who computed an evaluation, with what and how: the worker attaches it to every evaluate
 * result, `hunt submit` to its own, and whoever stores the evaluation (the worker's own
 * catalog, the bot for a worker without one, or `hunt submit`) stores these figures.
 */
export interface EvaluationProvenance {
  model_id: string;
  /** `sha256:<16 hex>` of a local model's weights, `hub:main` for a hub model */
  model_revision: string;
  /** the full sha256 of the weight file that ran (hub or local); null when there was none to hash */
  model_file_hash: string | null;
  tool_version: string;
  seed: number;
  n: number;
  /** the worker process (`worker <host>:<pid>`), or who ran `hunt submit` */
  computed_by: string;
}

/**
 * What the catalog keeps of an evaluation report: every figure (metrics, control,
 * intervals, confidence, counts) but not the example prompts, which are for the person
 * who ran it and can be long. Shared by the worker, the bot and `hunt submit`.
 */
export function catalogFields(report: EvalReport): { metrics: Record<string, unknown>; verdict: string } {
  const { worst: _worst, failures, mismatches, ...figures } = report;
  const { examples: _failureExamples, ...failureCounts } = failures;
  return { metrics: { ...figures, failures: failureCounts, mismatches: mismatches.count }, verdict: report.verdict };
}

/** Who computed a report, with what and how: stored with every evaluation (catalog migration 002). */
export function provenanceOf(report: EvalReport, computedBy: string): { computedBy: string; toolVersion: string; seed: number; n: number } {
  return { computedBy, toolVersion: toolVersion(), seed: report.seed, n: report.n };
}

/** An evaluation's provenance as the catalog's columns (migration 002) take it. */
export function provenanceFields(p: EvaluationProvenance): Pick<NewEvaluation, 'modelId' | 'modelRevision' | 'modelFileHash' | 'computedBy' | 'toolVersion' | 'seed' | 'n'> {
  return { modelId: p.model_id, modelRevision: p.model_revision, modelFileHash: p.model_file_hash ?? undefined, computedBy: p.computed_by, toolVersion: p.tool_version, seed: p.seed, n: p.n };
}

/** A report and who computed it, as one new catalog evaluation of a task. */
export function evaluationRow(taskId: number, jobId: string | undefined, report: EvalReport, provenance: EvaluationProvenance): NewEvaluation {
  return { taskId, jobId, ...catalogFields(report), ...provenanceFields(provenance) };
}
