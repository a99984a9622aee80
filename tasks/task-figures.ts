import type { InstanceRecord } from './instance-record.ts';
import { mean } from './metrics/summary-stats.ts';

/** Wang et al. 2022's IOI figures over a group of prompts. */
export interface IoiFigures {
  n: number;
  /** mean first-token logit(IO) − logit(S) */
  mean_logit_diff: number;
  /** mean P(IO) */
  mean_prob_io: number;
  /** share of prompts with P(IO) > P(S) */
  io_over_s: number;
}

/** Hanna et al. 2023's greater-than figures. */
export interface GreaterThanFigures {
  n: number;
  /** mean over prompts of Σ P(YY' > YY) − Σ P(YY' ≤ YY), over the two-digit endings scored */
  probability_difference: number;
  /** mean over prompts of P(YY + 1) − P(YY − 1): how sharply the probability jumps at the start year */
  cutoff_sharpness: number;
}

export type TaskFigures =
  | { paper: 'wang2022'; overall: IoiFigures; by_template: Record<string, IoiFigures>; by_order: Record<string, IoiFigures> }
  | { paper: 'hanna2023'; overall: GreaterThanFigures };

function ioiFigures(records: readonly InstanceRecord[]): IoiFigures {
  const withS = records.filter((r) => r.model.clean.distractor_logprobs?.length);
  return {
    n: withS.length,
    mean_logit_diff: mean(withS.map((r) => r.model.clean.logit_diff!)),
    mean_prob_io: mean(withS.map((r) => r.model.clean.prob)),
    io_over_s: mean(withS.map((r) => (r.model.clean.logprob > r.model.clean.distractor_logprobs![0] ? 1 : 0))),
  };
}

function groupBy(records: readonly InstanceRecord[], key: (r: InstanceRecord) => string | undefined): Record<string, IoiFigures> {
  const groups = new Map<string, InstanceRecord[]>();
  for (const r of records) {
    const k = key(r);
    if (k === undefined) continue;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, rs]) => [k, ioiFigures(rs)]));
}

/**
 * The papers' own metrics, for the tasks a paper defines them for, computed from the records
 * alone (so they round-trip through `--out`). IOI: per template and per name order (ABBA/BABA,
 * from `variant`). Greater-than: every answer and distractor is one two-digit token, so their
 * probabilities are P(YY') exactly.
 */
export function taskFigures(taskId: string, records: readonly InstanceRecord[]): TaskFigures | null {
  if (taskId === 'ioi') {
    return {
      paper: 'wang2022',
      overall: ioiFigures(records),
      by_template: groupBy(records, (r) => (r.cluster.startsWith('template:') ? r.cluster.slice('template:'.length) : undefined)),
      by_order: groupBy(records, (r) => r.variant),
    };
  }
  if (taskId === 'greater-than') {
    const scored = records.filter((r) => r.model.clean.answer_logprobs && r.model.clean.distractor_logprobs?.length);
    return {
      paper: 'hanna2023',
      overall: {
        n: scored.length,
        probability_difference: mean(scored.map((r) => r.model.clean.prob - (r.model.clean.distractor_prob ?? 0))),
        cutoff_sharpness: mean(
          scored.map((r) => {
            const d = r.model.clean.distractor_logprobs!;
            // answers run YY+1, YY+2, …; distractors …, YY−1, YY: the one before the start year is second from the end
            const below = d.length >= 2 ? Math.exp(d[d.length - 2]) : 0;
            return Math.exp(r.model.clean.answer_logprobs![0]) - below;
          }),
        ),
      },
    };
  }
  return null;
}
