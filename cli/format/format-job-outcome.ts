import type { JobOutcome } from '../../queue/job-results.ts';
import { formatComplete } from '../subcommands/complete-command.ts';
import { formatScore } from '../subcommands/score-command.ts';
import { formatTokens } from '../subcommands/tokens-command.ts';
import { DISCOVER_MERGE_DEFAULTS, mergePartials } from '../../discover/merge-partials.ts';
import { formatDiscoverReport } from './format-discover-report.ts';
import { formatEvalReport } from './format-eval-report.ts';

type Completed<N extends JobOutcome['name']> = JobOutcome<N> & { status: 'completed' };

/** One discover shard shown alone: the report of that shard (`hunt enqueue discover --wait` merges every shard). */
const shardReport = (outcome: Completed<'discover'>) => mergePartials([outcome.result], { ...DISCOVER_MERGE_DEFAULTS, seed: 0 }).report;

/**
 * The JSON a finished job prints: exactly what the direct command's `--json` prints. An
 * evaluation prints `hunt eval --json`'s report, plus `evaluation_id` when the worker
 * recorded it in the catalog; a discover shard the report `hunt discover --json` prints, not
 * the partial the merge reads (its cells and sampled prompts).
 */
export function jobOutcomeJson(outcome: JobOutcome & { status: 'completed' }): unknown {
  if (outcome.name === 'discover') return shardReport(outcome as Completed<'discover'>);
  if (outcome.name !== 'evaluate') return outcome.result;
  const { report, evaluation_id } = (outcome as Completed<'evaluate'>).result;
  return evaluation_id === undefined ? report : { ...report, evaluation_id };
}

/** The text a finished job prints: the same as the direct command's. */
export function formatJobOutcome(outcome: JobOutcome & { status: 'completed' }, json: boolean): string {
  if (json) return JSON.stringify(jobOutcomeJson(outcome), null, 2);
  switch (outcome.name) {
    case 'complete':
      return formatComplete((outcome as Completed<'complete'>).result);
    case 'score':
      return formatScore((outcome as Completed<'score'>).result);
    case 'tokens':
      return formatTokens((outcome as Completed<'tokens'>).result);
    case 'evaluate':
      return formatEvalReport((outcome as Completed<'evaluate'>).result.report);
    case 'discover':
      return formatDiscoverReport(shardReport(outcome as Completed<'discover'>));
  }
}
