import type { EvaluationProvenance, EvaluationReport } from '../queue/job-result-types.ts';
import type { NewEvaluation } from './catalog-repository.ts';

/**
 * What the catalog keeps of an evaluation report: every figure (metrics, control,
 * intervals, confidence, counts) but not the example prompts, which are for the person
 * who ran it and can be long.
 */
export function catalogFields(report: EvaluationReport): { metrics: Record<string, unknown>; verdict: string } {
  const { worst: _worst, failures, mismatches, ...figures } = report;
  const { examples: _failureExamples, ...failureCounts } = failures;
  return { metrics: { ...figures, failures: failureCounts, mismatches: mismatches.count }, verdict: report.verdict };
}

/** An evaluation's provenance as the catalog's columns (migration 002) take it. */
export function provenanceFields(p: EvaluationProvenance): Pick<NewEvaluation, 'modelId' | 'modelRevision' | 'modelFileHash' | 'computedBy' | 'toolVersion' | 'seed' | 'n'> {
  return { modelId: p.model_id, modelRevision: p.model_revision, modelFileHash: p.model_file_hash ?? undefined, computedBy: p.computed_by, toolVersion: p.tool_version, seed: p.seed, n: p.n };
}

/** A report and who computed it, as one new catalog evaluation of a task. */
export function evaluationRow(taskId: number, jobId: string | undefined, report: EvaluationReport, provenance: EvaluationProvenance): NewEvaluation {
  return { taskId, jobId, ...catalogFields(report), ...provenanceFields(provenance) };
}
