/**
 * How well the model implements a behaviour, in four words: a documented function of the
 * paired statistics of a run (tasks/metrics/eval-summary.ts).
 *
 * 1. The gate. A verdict above "none" needs evidence that the cue, not something simpler,
 *    raises the answer: every one of these one-sided tests must reject at `alpha` (0.05):
 *    - the clean prompt gives the answer more than its control (sign test on the per-prompt
 *      effect log P(answer | clean) − log P(answer | control)). A task without controls of its
 *      own is given the generic one (tasks/generic-control.ts); when no prompt has a control at
 *      all the test fails (p = 1): log P alone cannot tell the cue from a context-free model
 *      that happens to favour the answers;
 *    - the model beats each baseline (copier, unigram, bigram): sign test on the per-prompt
 *      advantage (the model's effect minus the baseline's; without controls, its log P minus
 *      the baseline's, shown only);
 *    - the answer beats its distractors more often than chance (sign test on each prompt's
 *      share of distractors beaten − 1/2), when the task has distractors.
 *    The gate's p-value is the largest of these (an intersection–union test: valid without
 *    correcting within the task); `hunt eval --all` corrects it across tasks (Holm).
 *    Tests count independent units: templates where the task has them, else prompts.
 * 2. The level. Each figure's 95% interval (cluster bootstrap) is compared with the level's
 *    thresholds: the verdict is the highest level whose thresholds every interval's LOWER end
 *    clears; `verdict_upper` the highest that every UPPER end clears (with the gate's figures'
 *    upper ends on the model's side). So "moderate, at most strong" reads: with 95% confidence for
 *    each figure the behaviour is at least moderate; more prompts could show it is strong.
 */
export type Verdict = 'strong' | 'moderate' | 'weak' | 'none';

export interface Estimate {
  point: number;
  low: number;
  high: number;
}

export interface VerdictEvidence {
  /** mean over prompts of P(any acceptable answer) */
  mean_prob: Estimate;
  /** mean per-prompt log P(clean) − log P(control), in nats; null without controls */
  effect: Estimate | null;
  /** share of (prompt, distractor) pairs the answer wins; null without distractors */
  beats_distractor: Estimate | null;
  /** the gate's p-value (the largest of its tests'), corrected across tasks when `correction` says so */
  p: number;
  /** whether the intervals allow every gate figure to point the model's way (upper ends of the effect and advantages > 0, of beats_distractor > 50%) */
  favours: boolean;
  /**
   * whether every gate figure's mean points the model's way (effect and advantages > 0,
   * beats_distractor > 50%): a sign test can reject while a heavy tail drags the mean the other
   * way, and a model that loses to a baseline on average has not shown the behaviour
   */
  leans: boolean;
  alpha: number;
}

export interface VerdictLevel {
  verdict: Exclude<Verdict, 'none'>;
  min_mean_prob: number;
  /** in nats: log 2 = the answer twice as likely as on the control, as a geometric mean over prompts */
  min_effect: number;
  min_beats_distractor: number;
}

/**
 * The thresholds, strongest first.
 * - strong: P(answer) ≥ 10% on average (thousands of times a uniform guess), twice as likely
 *   as on the control (geometric mean), and the answer beats each distractor on ≥ 85% of pairs.
 * - moderate: ≥ 3%, 1.5×, ≥ 70%.
 * - weak: ≥ 0.5%, 1.2×, ≥ 55%.
 */
export const VERDICT_LEVELS: readonly VerdictLevel[] = [
  { verdict: 'strong', min_mean_prob: 0.1, min_effect: Math.log(2), min_beats_distractor: 0.85 },
  { verdict: 'moderate', min_mean_prob: 0.03, min_effect: Math.log(1.5), min_beats_distractor: 0.7 },
  { verdict: 'weak', min_mean_prob: 0.005, min_effect: Math.log(1.2), min_beats_distractor: 0.55 },
];

/** the verdicts from weakest to strongest */
export const VERDICT_ORDER: readonly Verdict[] = ['none', 'weak', 'moderate', 'strong'];

/** significance level of the gate */
export const VERDICT_ALPHA = 0.05;

type Side = 'low' | 'high';

function clears(e: VerdictEvidence, level: VerdictLevel, side: Side): boolean {
  return (
    e.mean_prob[side] >= level.min_mean_prob &&
    (e.effect === null || e.effect[side] >= level.min_effect) &&
    (e.beats_distractor === null || e.beats_distractor[side] >= level.min_beats_distractor)
  );
}

/** The verdict from the intervals' lower ends (`low`, the reported one) or upper ends (`high`, the most more data could show). */
export function verdictOf(e: VerdictEvidence, side: Side = 'low'): Verdict {
  const gate = side === 'low' ? e.p < e.alpha && e.leans : e.favours;
  if (!gate) return 'none';
  return VERDICT_LEVELS.find((level) => clears(e, level, side))?.verdict ?? 'none';
}

function fmt(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toExponential(1);
}

/**
 * One line saying why: the gate's p-value, then each figure's interval against the thresholds
 * of the level reached (or of the weakest level, for "none").
 */
export function explainVerdict(e: VerdictEvidence): string {
  const verdict = verdictOf(e);
  const level = VERDICT_LEVELS.find((l) => l.verdict === verdict) ?? VERDICT_LEVELS[VERDICT_LEVELS.length - 1];
  const against = (name: string, x: Estimate, min: number) =>
    `${name} ${fmt(x.point)} [${fmt(x.low)}, ${fmt(x.high)}] ${x.low >= min ? '≥' : x.high < min ? '<' : '∋'} ${fmt(min)}`;
  const gate = `gate p ${fmt(e.p)} ${e.p < e.alpha ? '<' : '≥'} ${e.alpha}${e.leans ? '' : ' but a gate figure\'s mean points against the model'}`;
  const parts = [gate, against('mean_prob', e.mean_prob, level.min_mean_prob)];
  if (e.effect) parts.push(against('effect (nats)', e.effect, level.min_effect));
  if (e.beats_distractor) parts.push(against('beats_distractor', e.beats_distractor, level.min_beats_distractor));
  return `${verdict}: ${parts.join(', ')}${verdict === 'none' ? ` (the thresholds of "${level.verdict}")` : ''}`;
}

/**
 * When the reported verdict and the most the intervals allow differ, the intervals cross a
 * threshold: how many prompts would make them clear it (intervals narrow as 1/√n), judged on
 * the figures that straddle the next level's thresholds. Infinity when a point estimate sits
 * on a threshold.
 */
export function promptsToDecide(e: VerdictEvidence, n: number): number | null {
  const low = verdictOf(e, 'low');
  const high = verdictOf(e, 'high');
  if (low === high) return null;
  const index = VERDICT_LEVELS.findIndex((l) => l.verdict === low);
  // nothing above "strong"; and upper ends below the lower ones' verdict decide nothing more
  if (index === 0 || VERDICT_ORDER.indexOf(high) < VERDICT_ORDER.indexOf(low)) return null;
  const next = VERDICT_LEVELS[(index === -1 ? VERDICT_LEVELS.length : index) - 1];
  const figures: [Estimate | null, number][] = [
    [e.mean_prob, next.min_mean_prob],
    [e.effect, next.min_effect],
    [e.beats_distractor, next.min_beats_distractor],
  ];
  let needed = low === 'none' ? promptsForGate(e, n) : n;
  for (const [x, min] of figures) {
    if (!x || (x.low >= min) || x.high < min) continue;
    const distance = Math.abs(x.point - min);
    const halfWidth = x.point >= min ? x.point - x.low : x.high - x.point;
    needed = Math.max(needed, distance === 0 ? Infinity : Math.ceil(n * (halfWidth / distance) ** 2));
  }
  return needed;
}

/** The normal quantile z with P(Z > z) = p, for 0 < p < 0.5 (Abramowitz & Stegun 26.2.23, error < 4.5e-4). */
function upperNormalQuantile(p: number): number {
  const t = Math.sqrt(-2 * Math.log(p));
  return t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3);
}

/**
 * Prompts needed for the gate's p-value to fall below alpha, when the figures already favour
 * the model: a sign test's z grows as √n.
 */
export function promptsForGate(e: VerdictEvidence, n: number): number {
  if (e.p < e.alpha) return n;
  if (e.p >= 0.5) return Infinity;
  return Math.ceil(n * (upperNormalQuantile(e.alpha) / upperNormalQuantile(e.p)) ** 2);
}
