import { toolVersion } from '../common/tool-version.ts';
import type { EvalReport } from '../tasks/eval-report.ts';

/**
 * What the catalog keeps of an evaluation report: every figure (metrics, control,
 * intervals, confidence, counts) but not the example prompts, which are for the person
 * who ran it and can be long.
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
