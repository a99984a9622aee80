import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EvaluationReport } from '../queue/job-result-types.ts';
import type { EvaluationRecorder } from './batching-worker.ts';

/** The metrics and verdict of an evaluation report, as the catalog stores them. */
export function catalogFields(report: EvaluationReport): { metrics: Record<string, unknown>; verdict: string } {
  const r = report as unknown as { metrics?: unknown; verdict?: unknown };
  const metrics = r.metrics && typeof r.metrics === 'object' ? (r.metrics as Record<string, unknown>) : (report as unknown as Record<string, unknown>);
  const verdict = typeof r.verdict === 'string' ? r.verdict : typeof (r.verdict as { label?: unknown })?.label === 'string' ? String((r.verdict as { label: string }).label) : 'unknown';
  return { metrics, verdict };
}

/** Evaluations of catalog tasks go to the catalog, once per job (the job id is unique there). */
export function catalogRecorder(repo: CatalogRepository): EvaluationRecorder {
  return {
    async record({ jobId, taskId, modelId, modelRevision, report }) {
      const { id } = await repo.recordEvaluation({ jobId, taskId, modelId, modelRevision, ...catalogFields(report) });
      return id;
    },
  };
}
