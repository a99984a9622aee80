import { hostname } from 'node:os';
import { evaluationRow, type EvaluationProvenance } from '../catalog/evaluation-fields.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { toolVersion } from '../common/tool-version.ts';
import type { EvalReport } from '../tasks/eval-report.ts';
import type { EvaluationRecorder } from './batching-worker.ts';
import type { ModelInfo } from './model-host-process.ts';

/** This worker process, as the catalog names who computed an evaluation. */
export const WORKER_ID = `worker ${hostname()}:${process.pid}`;

/** Who computed a report here: this worker, its model's weights, this tool, the report's seed and n. */
export function workerProvenance(report: EvalReport, model: Pick<ModelInfo, 'modelId' | 'modelRevision' | 'weightsSha256'>): EvaluationProvenance {
  return {
    model_id: model.modelId,
    model_revision: model.modelRevision,
    model_file_hash: model.weightsSha256,
    tool_version: toolVersion(),
    seed: report.seed,
    n: report.n,
    computed_by: WORKER_ID,
  };
}

/** Evaluations of catalog tasks go to the catalog, once per job (the job id is unique there). */
export function catalogRecorder(repo: CatalogRepository): EvaluationRecorder {
  return {
    async record({ jobId, taskId, report, provenance }) {
      const { id } = await repo.recordEvaluation(evaluationRow(taskId, jobId, report, provenance));
      return id;
    },
  };
}
