import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import type { ScoredAnswer } from '../../../models/engine-types.ts';
import { instanceScoreSchema } from '../../../tasks/instance-record.ts';
import { percentileInterval } from '../../../tasks/metrics/bootstrap.ts';
import { clusterBootstrapIndices } from '../../../tasks/metrics/cluster-bootstrap.ts';
import { combineAnswers, combinedProbability, type InstanceScore } from '../../../tasks/metrics/instance-score.ts';
import { mean, median, quantileOfSorted, share } from '../../../tasks/metrics/summary-stats.ts';
import { distractorWins, taskMetrics } from '../../../tasks/metrics/task-metrics.ts';
import { explainVerdict, promptsToDecide, VERDICT_LEVELS, verdictOf, type VerdictEvidence } from '../../../tasks/metrics/verdict.ts';
import { decideVerdict } from '../../../tasks/metrics/eval-summary.ts';

function scored(answer: string, tokenIds: number[], prob: number, rank: number, logit: number): ScoredAnswer {
  return {
    answer,
    token_ids: tokenIds,
    tokens: [],
    logprob: Math.log(prob),
    prob,
    token_logprobs: [],
    rank,
    logit,
    boundary_merge: false,
  };
}

describe('summary statistics', () => {
  it.each([
    [[3, 1, 2], 2],
    [[3, 1, 2, 10], 2.5],
    [[7], 7],
  ])('GIVEN %j THEN the median is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('GIVEN an empty list THEN mean, median and share are NaN, not an exception', () => {
    expect(mean([])).toBeNaN();
    expect(median([])).toBeNaN();
    expect(share([])).toBeNaN();
  });

  it('GIVEN values THEN mean, share and quantiles are the textbook ones', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(share([true, false, true, true])).toBe(0.75);
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileOfSorted([0, 10], 0.5)).toBe(5);
  });
});

/** one cluster a prompt: the ordinary bootstrap over n prompts */
const bootstrapIndices = (n: number, resamples: number, rng: ReturnType<typeof seededRng>) =>
  clusterBootstrapIndices(Array.from({ length: n }, (_, i) => `prompt:${i}`), resamples, rng);

describe('the bootstrap', () => {
  it('GIVEN the same seed THEN the resamples are the same; another seed gives others', () => {
    const a = bootstrapIndices(50, 20, seededRng(1));
    expect(bootstrapIndices(50, 20, seededRng(1))).toStrictEqual(a);
    expect(bootstrapIndices(50, 20, seededRng(2))).not.toStrictEqual(a);
    expect(a.every((picks) => picks.length === 50 && picks.every((i) => i >= 0 && i < 50))).toBe(true);
  });

  it('GIVEN a sample of coin flips THEN the 95% interval of the mean holds the sample mean and narrows with more data', () => {
    const rng = seededRng(9);
    const flips = (n: number) => Array.from({ length: n }, () => (rng() < 0.3 ? 1 : 0));
    const width = (values: number[]) => {
      const stats = bootstrapIndices(values.length, 1000, seededRng(4)).map((picks) => mean(Array.from(picks, (i) => values[i])));
      const ci = percentileInterval(stats);
      expect(ci.low).toBeLessThanOrEqual(mean(values));
      expect(ci.high).toBeGreaterThanOrEqual(mean(values));
      return ci.high - ci.low;
    };
    const small = width(flips(50));
    const large = width(flips(2000));
    // the interval's width shrinks like 1/√n: 40× the data, about a sixth of the width
    expect(large).toBeLessThan(small / 3);
  });

  it('GIVEN values with NaN THEN the interval is over the defined ones', () => {
    expect(percentileInterval([Number.NaN, 0.1, 0.2, 0.3, 0.4, 0.5], 0.5)).toStrictEqual({ low: 0.2, high: 0.4 });
  });
});

describe('combining several acceptable answers into one score', () => {
  it('GIVEN disjoint answers THEN their probabilities add up; an answer that extends another is not counted twice', () => {
    const answers = [scored(' 2', [17], 0.3, 1, 5), scored(' 23', [17, 18], 0.1, 1, 5), scored(' 4', [19], 0.2, 3, 2)];
    expect(combinedProbability(answers)).toBeCloseTo(0.5, 12);
    expect(combinedProbability([scored('a', [5], 0.4, 1, 1), scored('a again', [5], 0.4, 1, 1)])).toBeCloseTo(0.4, 12);
  });

  it('GIVEN answers and distractors THEN rank and logit are the best acceptable first token\'s, and logit_diff compares best with best', () => {
    const score = combineAnswers(
      [scored(' john.smith@apple.com', [1, 2, 3], 0.01, 7, 1.5), scored(' john@apple.com', [1, 4], 0.02, 7, 1.5), scored(' jsmith@apple.com', [9, 3], 0.03, 2, 3)],
      [scored(' Mary', [20], 0.2, 1, 4), scored(' Tom', [21], 0.1, 4, 2)],
    );
    expect(score.prob).toBeCloseTo(0.01 + 0.02 + 0.03, 12);
    expect(score.distractor_prob).toBeCloseTo(0.2 + 0.1, 12);
    expect([score.rank, score.logit, score.logit_diff]).toStrictEqual([2, 3, 3 - 4]);
  });

  it('GIVEN no distractors THEN the score has no logit_diff and no distractor_prob', () => {
    expect(combineAnswers([scored(' d', [4], 0.5, 1, 9)])).toStrictEqual({ prob: 0.5, logprob: Math.log(0.5), answer_logprobs: [Math.log(0.5)], answers_counted: 1, rank: 1, logit: 9 });
  });
});

describe('task metrics over instance scores', () => {
  const scores: InstanceScore[] = [
    // the second prompt has two distractors: it beats one of them
    { prob: 0.9, logprob: Math.log(0.9), rank: 1, logit: 5, logit_diff: 2, distractor_prob: 0.05, distractor_logprobs: [Math.log(0.05)] },
    { prob: 0.2, logprob: Math.log(0.2), rank: 3, logit: 2, logit_diff: -1, distractor_prob: 0.6, distractor_logprobs: [Math.log(0.5), Math.log(0.1)] },
    { prob: 0.01, logprob: Math.log(0.01), rank: 40, logit: 0, logit_diff: 1, distractor_prob: 0.001, distractor_logprobs: [Math.log(0.001)] },
    { prob: 0.5, logprob: Math.log(0.5), rank: 1, logit: 4, logit_diff: 3, distractor_prob: 0.1, distractor_logprobs: [Math.log(0.1)] },
  ];

  it('GIVEN scores THEN top-1/top-5 count ranks, median rank is the middle rank, beats_distractor compares with each distractor separately', () => {
    expect(taskMetrics(scores)).toStrictEqual({
      mean_prob: (0.9 + 0.2 + 0.01 + 0.5) / 4,
      median_prob: (0.2 + 0.5) / 2,
      top1: 0.5,
      top5: 0.75,
      median_rank: 2,
      mean_logit_diff: 1.25,
      // 4 of 5 (prompt, distractor) pairs; every distractor on 3 of 4 prompts
      beats_distractor: 0.8,
      beats_all_distractors: 0.75,
    });
  });

  it('GIVEN an answer that extends another THEN only the answers its probability sums are compared with a distractor', () => {
    // " 2" and " 23": P(" 2…") already holds P(" 23"), so the answers' probability is 0.4 and one answer is counted
    const score = combineAnswers([scored(' 2', [17], 0.4, 1, 5), scored(' 23', [17, 18], 0.1, 1, 5)], [scored(' 3', [19], 0.3, 2, 4)]);
    expect([score.answers_counted, score.counted_answer_logprobs]).toStrictEqual([1, [Math.log(0.4)]]);
    // an --out file keeps them: a re-analysis compares the same answers
    expect(instanceScoreSchema.parse(score)).toStrictEqual(score);
    // 0.4 beats 0.3; " 23" (0.1) would lose to it
    expect(distractorWins(score)).toStrictEqual([1]);
    expect(taskMetrics([score]).beats_distractor).toBe(1);
    // a record written before counted_answer_logprobs existed: every answer takes part
    const { counted_answer_logprobs: _counted, ...old } = score;
    expect(distractorWins(old)).toStrictEqual([0.5]);
  });

  it('GIVEN several answers and distractors the model cannot tell apart THEN they beat half the distractors, where the answers\' mean probability would beat three quarters', () => {
    // log-probs drawn alike for both sides: answers -1, -4, -5, -8 and distractors -2, -3, -6, -7
    const answers = [-1, -4, -5, -8].map((l, i) => scored(` a${i}`, [100 + i], Math.exp(l), 1, 0));
    const distractors = [-2, -3, -6, -7].map((l, i) => scored(` d${i}`, [200 + i], Math.exp(l), 1, 0));
    const score = combineAnswers(answers, distractors);
    expect(distractorWins(score)).toStrictEqual([0.25, 0.25, 0.75, 0.75]);
    expect(taskMetrics([score])).toMatchObject({ beats_distractor: 0.5, beats_all_distractors: 0 });
    // the comparison this replaces: log of the answers' mean probability, -2.32, beats -3, -6 and -7
    const meanProbability = Math.log(answers.reduce((sum, a) => sum + a.prob, 0) / answers.length);
    expect(score.distractor_logprobs!.filter((d) => meanProbability > d)).toHaveLength(3);
  });

  it('GIVEN a resample with repeats THEN each repeat counts', () => {
    const metrics = taskMetrics([scores[0], scores[0], scores[2]]);
    expect(metrics.top1).toBeCloseTo(2 / 3, 12);
    expect(metrics.mean_prob).toBeCloseTo((0.9 + 0.9 + 0.01) / 3, 12);
    expect([metrics.median_prob, metrics.median_rank]).toStrictEqual([0.9, 1]);
  });
});

describe('the verdict', () => {
  const at = (point: number, halfWidth = 0) => ({ point, low: point - halfWidth, high: point + halfWidth });
  const evidence = (e: Partial<VerdictEvidence>): VerdictEvidence => ({
    mean_prob: at(0.5),
    effect: at(2),
    beats_distractor: null,
    p: 0.001,
    favours: true,
    leans: true,
    alpha: 0.05,
    ...e,
  });

  it.each([
    [{ mean_prob: at(0.18), effect: at(5) }, 'strong'],
    [{ beats_distractor: at(0.95) }, 'strong'],
    [{ beats_distractor: at(0.8) }, 'moderate'],
    [{ effect: at(Math.log(1.6)) }, 'moderate'],
    [{ mean_prob: at(0.05), effect: null }, 'moderate'],
    [{ mean_prob: at(0.01), effect: at(3) }, 'weak'],
    [{ effect: at(Math.log(1.3)), beats_distractor: at(0.6) }, 'weak'],
    // a likely answer that does not depend on the cue is not the behaviour
    [{ effect: at(0) }, 'none'],
    [{ mean_prob: at(1e-9) }, 'none'],
    [{ beats_distractor: at(0.5) }, 'none'],
    // the gate: figures far above every threshold count for nothing without significance
    [{ p: 0.2 }, 'none'],
    // … nor when the sign test rejects but a gate figure's mean points against the model (a heavy tail)
    [{ leans: false }, 'none'],
    // the interval's lower end decides: a point estimate above a threshold is not enough
    [{ mean_prob: at(0.12, 0.05) }, 'moderate'],
  ] as const)('GIVEN %j THEN the verdict is %s', (e, verdict) => {
    expect(verdictOf(evidence(e))).toBe(verdict);
  });

  it('GIVEN significant figures whose mean points against the model THEN the verdict is none, the upper verdict is not below it, and no prompt count is offered', () => {
    const e = evidence({ leans: false, favours: false });
    const decision = decideVerdict(e, 200);
    expect([decision.verdict, decision.verdict_upper, decision.small_n]).toStrictEqual(['none', 'none', null]);
    expect(decision.verdict_reason).toMatch(/^none: gate p 1\.0e-3 < 0\.05 but a gate figure's mean points against the model/);
    // the lower ends reach strong while the upper ends (favours false) reach nothing: no level above strong to estimate
    expect(promptsToDecide(evidence({ favours: false }), 200)).toBeNull();
  });

  it('GIVEN an interval that crosses a threshold THEN the upper verdict is higher and the prompts needed to decide are estimated', () => {
    const e = evidence({ mean_prob: at(0.12, 0.05) });
    expect([verdictOf(e, 'low'), verdictOf(e, 'high')]).toStrictEqual(['moderate', 'strong']);
    // half-width 0.05 at distance 0.02 from the threshold: (0.05 / 0.02)² = 6.25 times the prompts (rounded up)
    expect(promptsToDecide(e, 100)).toBeCloseTo(625, -1);
    expect(promptsToDecide(evidence({}), 100)).toBeNull();
  });

  it('GIVEN the thresholds THEN every criterion is stricter at each stronger level', () => {
    for (let i = 1; i < VERDICT_LEVELS.length; i++) {
      expect(VERDICT_LEVELS[i - 1].min_mean_prob).toBeGreaterThan(VERDICT_LEVELS[i].min_mean_prob);
      expect(VERDICT_LEVELS[i - 1].min_effect).toBeGreaterThan(VERDICT_LEVELS[i].min_effect);
      expect(VERDICT_LEVELS[i - 1].min_beats_distractor).toBeGreaterThan(VERDICT_LEVELS[i].min_beats_distractor);
    }
  });

  it('GIVEN evidence THEN the reason names the verdict, the gate and each interval against its threshold', () => {
    expect(explainVerdict(evidence({ mean_prob: at(0.18), effect: at(5) }))).toBe(
      'strong: gate p 1.0e-3 < 0.05, mean_prob 0.180 [0.180, 0.180] ≥ 0.100, effect (nats) 5.000 [5.000, 5.000] ≥ 0.693',
    );
    expect(explainVerdict(evidence({ mean_prob: at(0.002), effect: at(0), beats_distractor: at(0.5), p: 0.5 }))).toBe(
      'none: gate p 0.500 ≥ 0.05, mean_prob 2.0e-3 [2.0e-3, 2.0e-3] < 5.0e-3, effect (nats) 0 [0, 0] < 0.182, beats_distractor 0.500 [0.500, 0.500] < 0.550 (the thresholds of "weak")',
    );
  });
});
