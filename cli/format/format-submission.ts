import type { SubmissionResult } from '../../catalog/submit-evaluated-task.ts';
import { formatEvalReport } from './format-eval-report.ts';

/**
 * `hunt submit`'s report: the evaluation as `hunt eval` prints it, then what was stored and
 * the near-duplicate warning.
 *
 * @example formatSubmission(result) // '…the evaluation…\n\nstored as task #3 (submitter cli:ada), evaluation #5: verdict none, seed 0, n 200, local:tiny-gpt2 sha256:…, hunt 0.1.0'
 */
export function formatSubmission(result: SubmissionResult): string {
  const p = result.provenance;
  const lines = [
    formatEvalReport(result.report),
    '',
    `stored as task #${result.task_id} (submitter ${result.submitter}), evaluation #${result.evaluation_id}: verdict ${result.report.verdict}, seed ${p.seed}, n ${p.n}, ${p.model} ${p.model_revision}, hunt ${p.tool_version}`,
  ];
  for (const d of result.near_duplicates) lines.push(`⚠ looks like a task we already have: ${d.label}: ${d.reason}`);
  return lines.join('\n');
}
