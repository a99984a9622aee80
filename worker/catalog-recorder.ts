import { hostname } from 'node:os';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { toolVersion } from '../common/tool-version.ts';
import type { EvaluationReport } from '../queue/job-result-types.ts';
import type { EvaluationRecorder } from './batching-worker.ts';

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

/** This worker process, as the catalog names who computed an evaluation. */
export const WORKER_ID = `worker ${hostname()}:${process.pid}`;

/** Who computed a report, with what and how: stored with every evaluation (catalog migration 002). */
export function provenanceOf(report: EvaluationReport, computedBy: string): { computedBy: string; toolVersion: string; seed: number; n: number } {
  return { computedBy, toolVersion: toolVersion(), seed: report.seed, n: report.n };
}

/** Evaluations of catalog tasks go to the catalog, once per job (the job id is unique there). */
export function catalogRecorder(repo: CatalogRepository): EvaluationRecorder {
  return {
    async record({ jobId, taskId, modelId, modelRevision, report }) {
      const { id } = await repo.recordEvaluation({ jobId, taskId, modelId, modelRevision, ...catalogFields(report), ...provenanceOf(report, WORKER_ID) });
      return id;
    },
  };
}
