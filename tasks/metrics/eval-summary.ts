import { seededRng, seedFromString } from '../../common/random.ts';
import type { InstanceRecord } from '../instance-record.ts';
import { BOOTSTRAP_RESAMPLES, INTERVAL_LEVEL, percentileInterval, type Interval } from './bootstrap.ts';
import { clusterBootstrapIndices, clusterMeans } from './cluster-bootstrap.ts';
import { signTestOf } from './significance.ts';
import { mean, median, share } from './summary-stats.ts';
import { distractorWins, taskMetrics, type TaskMetrics } from './task-metrics.ts';
import { explainVerdict, promptsToDecide, VERDICT_ALPHA, VERDICT_ORDER, verdictOf, type Estimate, type Verdict, type VerdictEvidence } from './verdict.ts';

/** A one-sided sign test over independent units (templates, or prompts). */
export interface SignTest {
  units: number;
  positives: number;
  negatives: number;
  ties: number;
  p: number;
}

/** A per-prompt paired difference summed up: mean with its interval, median, share > 0, and its sign test. */
export interface PairedFigure {
  n: number;
  mean: number;
  ci: Interval;
  median: number;
  /** share of prompts where the difference is > 0 */
  share_positive: number;
  test: SignTest;
}

/** The model against one baseline on the same prompts and controls. */
export interface BaselineComparison {
  name: string;
  /** the baseline's own mean P(answer) on the clean prompts, and on the controls */
  mean_prob: number;
  control_mean_prob: number | null;
  /** the baseline's own mean effect log P(clean) − log P(control), nats */
  mean_effect: number | null;
  /** per prompt: the model's effect minus the baseline's (without controls: the model's log P minus the baseline's) */
  advantage: PairedFigure;
  /** the advantage's sign test rejects at alpha and its mean is > 0 */
  beaten: boolean;
}

export interface DistractorFigures {
  /** (prompt, distractor) pairs compared */
  pairs: number;
  /** share of pairs where the answer is likelier (chance 50%) */
  beats_each: number;
  /** share of prompts where it beats every distractor */
  beats_all: number;
  /** beats_each by the distractor's place in the heuristic's list (IOI-extended: each other name) */
  by_position: number[];
  /** sign test on each prompt's share of distractors beaten − 1/2 */
  test: SignTest;
}

export interface ControlMetrics extends TaskMetrics {
  /** prompts that had a control */
  n: number;
  /** of them, how many had the generic control (the words before the last three shuffled, tasks/generic-control.ts): the task gave none */
  generic: number;
  /** clean mean_prob ÷ control mean_prob over the prompts with a control (a ratio of means: shown, not used by the verdict) */
  lift: number;
}

/** 95% cluster-bootstrap intervals of the figures (the same resamples for all; percentile method). */
export interface EvalIntervals {
  level: number;
  resamples: number;
  mean_prob: Interval;
  top1: Interval;
  top5: Interval;
  median_rank: Interval;
  mean_logit_diff?: Interval;
  beats_distractor?: Interval;
  control_mean_prob?: Interval;
  lift?: Interval;
  effect?: Interval;
}

export interface VerdictGate {
  /** the largest p-value of the gate's tests (intersection–union), before any correction */
  p: number;
  tests: { name: string; p: number }[];
  alpha: number;
  /** across tasks (`hunt eval --all`): Holm's step-down correction of `p` over the tasks */
  correction: 'none' | 'holm';
  p_adjusted: number;
}

export interface VerdictDecision {
  verdict: Verdict;
  /** the most the intervals allow: a higher value than `verdict` means more prompts could raise it */
  verdict_upper: Verdict;
  /** each figure's interval level: the verdict holds at this confidence for each figure */
  confidence: number;
  verdict_reason: string;
  /** when the intervals cross a threshold: roughly how many prompts would decide it */
  /** `n_needed` null: more prompts cannot decide it (the intervals rest on too few templates) */
  small_n: { n_needed: number | null; message: string } | null;
}

export interface EvalSummary extends VerdictDecision {
  scored: number;
  /** what the tests and the bootstrap resample: templates where the task has them, else prompts */
  test_unit: 'template' | 'prompt';
  units: number;
  metrics: TaskMetrics;
  control: ControlMetrics | null;
  ci: EvalIntervals;
  /** per prompt: log P(answer | clean) − log P(answer | control), nats; null without controls */
  effect: PairedFigure | null;
  /** per prompt: best answer minus best distractor first-token logit */
  logit_diff: PairedFigure | null;
  distractors: DistractorFigures | null;
  baselines: BaselineComparison[];
  gate: VerdictGate;
  evidence: VerdictEvidence;
}

function pairedFigure(values: readonly number[], clusters: readonly string[], ci: Interval): PairedFigure {
  const test = signTestOf(clusterMeans(clusters, values));
  return {
    n: values.length,
    mean: mean(values),
    ci,
    median: median(values),
    share_positive: share(values.map((v) => v > 0)),
    test: { units: test.positives + test.negatives + test.ties, ...test },
  };
}

/** below this many independent units (templates or prompts) percentile bootstrap intervals are too narrow to trust */
export const MIN_UNITS = 30;

/** The verdict, its upper reach, its reason and the small-n warning, from the evidence. */
export function decideVerdict(evidence: VerdictEvidence, scored: number, units = scored): VerdictDecision {
  const verdict = verdictOf(evidence, 'low');
  // the most the intervals allow is never below what their lower ends already show
  const high = verdictOf(evidence, 'high');
  const upper = VERDICT_ORDER.indexOf(high) < VERDICT_ORDER.indexOf(verdict) ? verdict : high;
  const needed = promptsToDecide(evidence, scored);
  let small_n: VerdictDecision['small_n'] = null;
  if (needed !== null) {
    small_n = {
      n_needed: needed,
      message: `n is too small to decide between ${verdict} and ${upper}: the intervals cross a threshold; ${Number.isFinite(needed) ? `about ${needed} prompts would decide it` : 'more prompts would decide it (no estimate of how many: an estimate sits on a threshold, or the figures do not yet lean either way)'}`,
    };
  } else if (units < MIN_UNITS && units === scored) {
    // a handful of prompts can all miss (or all hit) by chance, and their bootstrap cannot know it
    small_n = {
      n_needed: MIN_UNITS,
      message: `n is too small to trust: ${units} prompts, and intervals from fewer than ${MIN_UNITS} are unreliable; about ${MIN_UNITS} prompts would do`,
    };
  } else if (units < MIN_UNITS) {
    // the tests and the bootstrap count templates: more prompts from the same templates cannot narrow them
    small_n = {
      n_needed: null,
      message: `intervals rest on ${units} templates (fewer than ${MIN_UNITS} are unreliable), whatever n is: more templates, not more prompts, would firm them up`,
    };
  }
  return { verdict, verdict_upper: upper, confidence: INTERVAL_LEVEL, verdict_reason: explainVerdict(evidence), small_n };
}

/** The summary with the gate's p-value corrected across tasks, and the verdict re-decided on it. */
export function withCorrectedP<T extends EvalSummary>(summary: T, pAdjusted: number, correction: VerdictGate['correction']): T {
  const evidence = { ...summary.evidence, p: pAdjusted };
  return { ...summary, gate: { ...summary.gate, correction, p_adjusted: pAdjusted }, evidence, ...decideVerdict(evidence, summary.scored, summary.units) };
}

const estimate = (point: number, ci: Interval): Estimate => ({ point, low: ci.low, high: ci.high });

/**
 * Every figure of a report from its per-prompt records, and nothing else: the evaluator and a
 * re-analysis of a `--out` file call the same function, so they agree to the digit. `seed`
 * seeds the cluster bootstrap.
 */
export function summarizeRecords(records: readonly InstanceRecord[], seed: number): EvalSummary {
  const n = records.length;
  const clusters = records.map((r) => r.cluster);
  const templated = clusters.some((c) => c.startsWith('template:'));
  const clean = records.map((r) => r.model.clean);
  const hasControl = records.map((r) => r.model.control !== undefined);
  const anyControl = hasControl.some(Boolean);
  const effects = records.map((r) => (r.model.control ? r.model.clean.logprob - r.model.control.logprob : Number.NaN));
  const distractorShares = records.map((r) => {
    const wins = distractorWins(r.model.clean);
    return wins.length === 0 ? Number.NaN : mean(wins);
  });
  const anyDistractor = distractorShares.some((x) => !Number.isNaN(x));
  const baselineNames = [...new Set(records.flatMap((r) => Object.keys(r.baselines)))].sort();
  const advantages = new Map(
    baselineNames.map((name) => [
      name,
      records.map((r) => {
        const b = r.baselines[name];
        if (!b) return Number.NaN;
        if (r.model.control && b.control !== undefined) return r.model.clean.logprob - r.model.control.logprob - (b.clean - b.control);
        // a prompt whose control was dropped has no effect to compare: raw log-P gaps are another
        // quantity and would inflate the test; they stand in only when the task has no controls at all
        return anyControl ? Number.NaN : r.model.clean.logprob - b.clean;
      }),
    ]),
  );

  const definedAt = (values: readonly number[], picks: readonly number[]) => picks.map((i) => values[i]).filter((v) => !Number.isNaN(v));
  const all = records.map((_, i) => i);
  const figuresOf = (picks: readonly number[]) => {
    const metrics = taskMetrics(picks.map((i) => clean[i]));
    const paired = picks.filter((i) => hasControl[i]);
    const controlMean = paired.length > 0 ? mean(paired.map((i) => records[i].model.control!.prob)) : Number.NaN;
    return {
      metrics,
      controlMean,
      lift: mean(paired.map((i) => clean[i].prob)) / controlMean,
      effect: mean(definedAt(effects, picks)),
      advantages: baselineNames.map((name) => mean(definedAt(advantages.get(name)!, picks))),
    };
  };
  const point = figuresOf(all);
  const resamples = clusterBootstrapIndices(clusters, BOOTSTRAP_RESAMPLES, seededRng(seedFromString(`bootstrap:${seed}`)));
  const boot = resamples.map(figuresOf);
  const interval = (pick: (f: (typeof boot)[number]) => number | undefined) => percentileInterval(boot.map((f) => pick(f) ?? Number.NaN));
  const metric = (key: keyof TaskMetrics) => interval((f) => f.metrics[key]);

  const ci: EvalIntervals = {
    level: INTERVAL_LEVEL,
    resamples: boot.length,
    mean_prob: metric('mean_prob'),
    top1: metric('top1'),
    top5: metric('top5'),
    median_rank: metric('median_rank'),
  };
  if (point.metrics.mean_logit_diff !== undefined) {
    ci.mean_logit_diff = metric('mean_logit_diff');
    ci.beats_distractor = metric('beats_distractor');
  }
  if (anyControl) {
    ci.control_mean_prob = interval((f) => f.controlMean);
    ci.lift = interval((f) => f.lift);
    ci.effect = interval((f) => f.effect);
  }

  const withControl = all.filter((i) => hasControl[i]);
  const pick = (values: readonly number[]) => {
    const at = all.filter((i) => !Number.isNaN(values[i]));
    return { values: at.map((i) => values[i]), clusters: at.map((i) => clusters[i]) };
  };
  const effect = anyControl ? (() => {
    const e = pick(effects);
    return pairedFigure(e.values, e.clusters, ci.effect!);
  })() : null;
  const logitDiffs = clean.map((s) => s.logit_diff ?? Number.NaN);
  const logitDiff = anyDistractor ? (() => {
    const l = pick(logitDiffs);
    return pairedFigure(l.values, l.clusters, ci.mean_logit_diff!);
  })() : null;

  let distractors: DistractorFigures | null = null;
  if (anyDistractor) {
    const shares = pick(distractorShares.map((s) => s - 0.5));
    const test = signTestOf(clusterMeans(shares.clusters, shares.values));
    const width = Math.max(...clean.map((s) => s.distractor_logprobs?.length ?? 0));
    distractors = {
      pairs: clean.reduce((sum, s) => sum + (s.distractor_logprobs?.length ?? 0), 0),
      beats_each: point.metrics.beats_distractor!,
      beats_all: point.metrics.beats_all_distractors!,
      by_position: Array.from({ length: width }, (_, k) =>
        mean(clean.filter((s) => (s.distractor_logprobs?.length ?? 0) > k).map((s) => distractorWins(s)[k])),
      ),
      test: { units: test.positives + test.negatives + test.ties, ...test },
    };
  }

  const baselines: BaselineComparison[] = baselineNames.map((name, b) => {
    const a = pick(advantages.get(name)!);
    const advantage = pairedFigure(a.values, a.clusters, interval((f) => f.advantages[b]));
    const own = records.filter((r) => r.baselines[name]);
    const paired = own.filter((r) => r.baselines[name].control !== undefined);
    return {
      name,
      mean_prob: mean(own.map((r) => Math.exp(r.baselines[name].clean))),
      control_mean_prob: paired.length > 0 ? mean(paired.map((r) => Math.exp(r.baselines[name].control!))) : null,
      mean_effect: paired.length > 0 ? mean(paired.map((r) => r.baselines[name].clean - r.baselines[name].control!)) : null,
      advantage,
      beaten: advantage.test.p < VERDICT_ALPHA && advantage.mean > 0,
    };
  });

  // without a control nothing separates the cue from a context-free preference for the answers
  // (a unigram that favours them beats the baselines on log P): no verdict above none
  const tests = [
    effect ? { name: 'effect', p: effect.test.p } : { name: 'effect (no prompt had a control)', p: 1 },
    ...baselines.map((b) => ({ name: `beats ${b.name}`, p: b.advantage.test.p })),
    ...(distractors ? [{ name: 'beats distractors', p: distractors.test.p }] : []),
  ];
  const gateP = tests.length > 0 ? Math.max(...tests.map((t) => t.p)) : 1;
  const evidence: VerdictEvidence = {
    mean_prob: estimate(point.metrics.mean_prob, ci.mean_prob),
    effect: effect ? estimate(effect.mean, effect.ci) : null,
    beats_distractor: distractors ? estimate(distractors.beats_each, ci.beats_distractor!) : null,
    p: gateP,
    // what the intervals allow: every gate figure's upper end on the model's side
    favours:
      effect !== null &&
      effect.ci.high > 0 &&
      baselines.every((b) => b.advantage.ci.high > 0) &&
      (!distractors || (ci.beats_distractor?.high ?? distractors.beats_each) > 0.5),
    leans: effect !== null && effect.mean > 0 && baselines.every((b) => b.advantage.mean > 0) && (!distractors || distractors.beats_each > 0.5),
    alpha: VERDICT_ALPHA,
  };

  return {
    scored: n,
    test_unit: templated ? 'template' : 'prompt',
    units: new Set(clusters).size,
    metrics: point.metrics,
    control:
      withControl.length > 0
        ? {
            n: withControl.length,
            generic: withControl.filter((i) => records[i].control_source === 'generic').length,
            ...taskMetrics(withControl.map((i) => records[i].model.control!)),
            lift: point.lift,
          }
        : null,
    ci,
    effect,
    logit_diff: logitDiff,
    distractors,
    baselines,
    gate: { p: gateP, tests, alpha: VERDICT_ALPHA, correction: 'none', p_adjusted: gateP },
    evidence,
    ...decideVerdict(evidence, n, new Set(clusters).size),
  };
}
