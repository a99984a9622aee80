/**
 * How well the model implements a behaviour, in four words, by fixed thresholds. The
 * evidence is the mean probability of the heuristic's answer, how much the cue matters
 * (lift over the control prompts, when the task has them) and how often the answer beats
 * the distractor (when it has them). A level is reached when every criterion that applies
 * holds; the verdict is the highest level reached.
 */
export type Verdict = 'strong' | 'moderate' | 'weak' | 'none';

export interface VerdictEvidence {
  /** mean over prompts of P(any acceptable answer) */
  mean_prob: number;
  /** mean_prob ÷ the same on the control prompts; null when there are no controls */
  lift: number | null;
  /** share of prompts where the answers are likelier than the distractors; null when there are none */
  beats_distractor: number | null;
}

export interface VerdictLevel {
  verdict: Exclude<Verdict, 'none'>;
  min_mean_prob: number;
  min_lift: number;
  min_beats_distractor: number;
}

/**
 * The thresholds, strongest first.
 * - strong: the model gives the expected answer ≥ 10% on average (thousands of times the
 *   1/50,257 of a uniform guess), at least twice what it gives once the cue is corrupted,
 *   and prefers it to the distractor on ≥ 85% of prompts. GPT-2 small on IOI, induction or
 *   greater-than is far beyond this.
 * - moderate: ≥ 3%, ≥ 1.5× the control, beats the distractor on ≥ 70%.
 * - weak: ≥ 0.5%, ≥ 1.2× the control, beats the distractor on more than half (≥ 55%).
 * - none: below that — including a model that gives the answer a high probability no matter
 *   whether the cue is there (lift < 1.2), which is not the behaviour.
 */
export const VERDICT_LEVELS: readonly VerdictLevel[] = [
  { verdict: 'strong', min_mean_prob: 0.1, min_lift: 2, min_beats_distractor: 0.85 },
  { verdict: 'moderate', min_mean_prob: 0.03, min_lift: 1.5, min_beats_distractor: 0.7 },
  { verdict: 'weak', min_mean_prob: 0.005, min_lift: 1.2, min_beats_distractor: 0.55 },
];

function reaches(e: VerdictEvidence, level: VerdictLevel): boolean {
  return (
    e.mean_prob >= level.min_mean_prob &&
    (e.lift === null || e.lift >= level.min_lift) &&
    (e.beats_distractor === null || e.beats_distractor >= level.min_beats_distractor)
  );
}

/**
 * @example verdictOf({ mean_prob: 0.18, lift: 230, beats_distractor: null }) // 'strong'
 */
export function verdictOf(e: VerdictEvidence): Verdict {
  return VERDICT_LEVELS.find((level) => reaches(e, level))?.verdict ?? 'none';
}

/**
 * One line saying why: the figures against the thresholds of the level reached (or of the
 * weakest level, for "none").
 */
export function explainVerdict(e: VerdictEvidence): string {
  const verdict = verdictOf(e);
  const level = VERDICT_LEVELS.find((l) => l.verdict === verdict) ?? VERDICT_LEVELS[VERDICT_LEVELS.length - 1];
  const parts = [`mean_prob ${fmt(e.mean_prob)} ${e.mean_prob >= level.min_mean_prob ? '≥' : '<'} ${level.min_mean_prob}`];
  if (e.lift !== null) parts.push(`lift ${fmt(e.lift)} ${e.lift >= level.min_lift ? '≥' : '<'} ${level.min_lift}`);
  if (e.beats_distractor !== null) {
    parts.push(`beats_distractor ${fmt(e.beats_distractor)} ${e.beats_distractor >= level.min_beats_distractor ? '≥' : '<'} ${level.min_beats_distractor}`);
  }
  return `${verdict}: ${parts.join(', ')}${verdict === 'none' ? ` (the thresholds of "${level.verdict}")` : ''}`;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 0.01 ? x.toFixed(3) : x.toExponential(1);
}
