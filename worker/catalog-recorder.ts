import { hostname } from 'node:os';
import { catalogFields, provenanceOf } from '../catalog/evaluation-fields.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EvaluationRecorder } from './batching-worker.ts';

/** This worker process, as the catalog names who computed an evaluation. */
export const WORKER_ID = `worker ${hostname()}:${process.pid}`;

/** Evaluations of catalog tasks go to the catalog, once per job (the job id is unique there). */
export function catalogRecorder(repo: CatalogRepository): EvaluationRecorder {
  return {
    async record({ jobId, taskId, modelId, modelRevision, report }) {
      const { id } = await repo.recordEvaluation({ jobId, taskId, modelId, modelRevision, ...catalogFields(report), ...provenanceOf(report, WORKER_ID) });
      return id;
    },
  };
}
