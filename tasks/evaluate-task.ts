import { describeError, InputError } from '../common/errors.ts';
import { seededRng, seedFromString, type Rng } from '../common/random.ts';
import type { ScoreResult } from '../models/engine-types.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { EvalIntervals, EvalReport, FailureExample, WorstInstance } from './eval-report.ts';
import { BOOTSTRAP_RESAMPLES, bootstrapIndices, INTERVAL_LEVEL, percentileInterval } from './metrics/bootstrap.ts';
import { combineAnswers, type InstanceScore } from './metrics/instance-score.ts';
import { mean } from './metrics/summary-stats.ts';
import { taskMetrics, type TaskMetrics } from './metrics/task-metrics.ts';
import { explainVerdict, verdictOf, type VerdictEvidence } from './metrics/verdict.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from './task-types.ts';

export type { EvalReport } from './eval-report.ts';

export interface EvaluateOptions {
  /** how many instances to generate (default 200); with `instances`, how many of them to use (default all) */
  n?: number;
  /** seeds the generator, the controls and the bootstrap (default 0): same seed → same report */
  seed?: number;
  /** evaluate these (e.g. mined from a corpus) instead of generating */
  instances?: TaskInstance[];
  /** called after each scored chunk: progress bars */
  /** `prompts` of the `total` are the task's own prompts, scored first; the rest are their controls */
  onProgress?: (done: number, total: number, prompts: number) => void;
  /** prepend <|endoftext|> (default true, as TransformerLens does) */
  bos?: boolean;
}

export const DEFAULT_N = 200;
export const DEFAULT_SEED = 0;
/** instances per engine call: the engine batches inside a call; this only sets how often progress is reported */
const CHUNK = 32;
/** how many failures, mismatches and worst instances a report shows */
const EXAMPLES_SHOWN = 5;

/** An instance the heuristic answered: what gets scored. */
interface Planned {
  instance: TaskInstance;
  answer: HeuristicAnswer & { distractors: string[] };
  control: string | null;
}

interface Scored extends Planned {
  score: InstanceScore;
  top: { text: string; prob: number };
  truncated: boolean;
  controlScore?: InstanceScore;
}

/** The heuristic's answer, checked: a heuristic that returns nonsense is treated like one that threw. */
function askHeuristic(task: TaskDefinition, prompt: string): HeuristicAnswer | null {
  const answer = task.heuristic(prompt);
  if (answer === null) return null;
  if (!answer || !Array.isArray(answer.answers) || answer.answers.length === 0) {
    throw new Error('the heuristic returned no answers (return null to decline)');
  }
  const bad = [...answer.answers, ...(answer.distractors ?? [])].find((a) => typeof a !== 'string' || a.length === 0);
  if (bad !== undefined) throw new Error(`the heuristic returned an empty or non-text answer (${JSON.stringify(bad)})`);
  return answer;
}

function instancesFor(task: TaskDefinition, options: EvaluateOptions, seed: number): TaskInstance[] {
  const n = options.n;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new InputError('bad_option', `n must be a whole number ≥ 1 (got ${n})`);
  if (options.instances) return n === undefined ? options.instances : options.instances.slice(0, n);
  const generated = task.generate(seededRng(seed), n ?? DEFAULT_N);
  if (!Array.isArray(generated)) throw new InputError('bad_task', `${task.id}: generate() returned no list of instances`);
  return generated;
}

/**
 * Score every chunk of items; when the engine refuses a chunk (a prompt it cannot take),
 * score that chunk's items one by one so only the bad one is lost.
 */
async function scoreAll(
  engine: ScoringEngine,
  items: { prompt: string; answers: string[] }[],
  bos: boolean,
  progress: (count: number) => void,
): Promise<(ScoreResult | Error)[]> {
  const results: (ScoreResult | Error)[] = [];
  // alternatives off: the heuristic says exactly which spelling it expects (leading space or not).
  // truncate on: a mined prompt may exceed the context; it is cut on the left and counted in the report.
  const options = { prependBos: bos, alternatives: false, truncate: true, topK: 1 };
  for (let start = 0; start < items.length; start += CHUNK) {
    const chunk = items.slice(start, start + CHUNK);
    try {
      results.push(...(await engine.scoreMany(chunk, options)));
    } catch {
      for (const item of chunk) {
        try {
          results.push(...(await engine.scoreMany([item], options)));
        } catch (err) {
          results.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
    progress(chunk.length);
  }
  return results;
}

function scoreOf(result: ScoreResult, answerCount: number): InstanceScore {
  return combineAnswers(result.answers.slice(0, answerCount), result.answers.slice(answerCount));
}

/** Metrics on one bootstrap resample (or on everything, without `picks`), clean and control. */
function resampleFigures(scored: readonly Scored[], picks?: ArrayLike<number>) {
  const chosen = picks ? Array.from(picks, (i) => scored[i]) : [...scored];
  const metrics = taskMetrics(chosen.map((s) => s.score));
  const paired = chosen.filter((s) => s.controlScore);
  const controlMean = paired.length > 0 ? mean(paired.map((s) => s.controlScore!.prob)) : null;
  const lift = controlMean === null ? null : mean(paired.map((s) => s.score.prob)) / controlMean;
  const evidence: VerdictEvidence = { mean_prob: metrics.mean_prob, lift, beats_distractor: metrics.beats_distractor ?? null };
  return { metrics, controlMean, lift, evidence };
}

/** Failures as they happen: counted by reason, the first few kept as examples. */
class FailureLog {
  readonly counts = { declined: 0, heuristic_errors: 0, scoring_errors: 0, control_errors: 0 };
  readonly examples: FailureExample[] = [];

  add(example: FailureExample): void {
    const key = ({ declined: 'declined', heuristic_error: 'heuristic_errors', scoring_error: 'scoring_errors', control_error: 'control_errors' } as const)[example.reason];
    this.counts[key]++;
    if (this.examples.length < EXAMPLES_SHOWN) this.examples.push(example);
  }

  /** prompts not scored; a failed control still leaves its prompt scored */
  get unscored(): number {
    return this.counts.declined + this.counts.heuristic_errors + this.counts.scoring_errors;
  }
}

/** Ask the heuristic (and build the control) for every instance; what fails is logged and left out. */
function planInstances(task: TaskDefinition, instances: readonly TaskInstance[], controlRng: Rng, log: FailureLog): Planned[] {
  const planned: Planned[] = [];
  for (const instance of instances) {
    const prompt = instance?.prompt;
    if (typeof prompt !== 'string' || prompt.length === 0) {
      log.add({ prompt: String(prompt ?? ''), reason: 'scoring_error', detail: 'empty prompt' });
      continue;
    }
    let answer: HeuristicAnswer | null;
    try {
      answer = askHeuristic(task, prompt);
    } catch (err) {
      log.add({ prompt, reason: 'heuristic_error', detail: describeError(err) });
      continue;
    }
    if (answer === null) {
      log.add({ prompt, reason: 'declined' });
      continue;
    }
    const answers = [...new Set(answer.answers)];
    const distractors = [...new Set(answer.distractors ?? [])].filter((d) => !answers.includes(d));
    let control: string | null = null;
    if (task.control) {
      try {
        control = task.control(instance, controlRng) || null;
      } catch (err) {
        log.add({ prompt, reason: 'control_error', detail: describeError(err) });
      }
    }
    planned.push({ instance, answer: { answers, distractors }, control });
  }
  return planned;
}

/** Score each planned prompt and its control in one batched run; a prompt the engine refuses is logged and left out. */
async function scorePlanned(
  engine: ScoringEngine,
  planned: readonly Planned[],
  bos: boolean,
  log: FailureLog,
  onProgress?: (done: number, total: number, prompts: number) => void,
): Promise<Scored[]> {
  const items = planned.map((p) => ({ prompt: p.instance.prompt, answers: [...p.answer.answers, ...p.answer.distractors] }));
  const controlOf: number[] = [];
  planned.forEach((p, i) => {
    if (p.control !== null) {
      controlOf[i] = items.length;
      items.push({ prompt: p.control, answers: items[i].answers });
    }
  });
  let done = 0;
  const results = await scoreAll(engine, items, bos, (count) => {
    done += count;
    onProgress?.(done, items.length, planned.length);
  });

  const scored: Scored[] = [];
  planned.forEach((p, i) => {
    const result = results[i];
    if (result instanceof Error) {
      log.add({ prompt: p.instance.prompt, reason: 'scoring_error', detail: describeError(result) });
      return;
    }
    const entry: Scored = {
      ...p,
      score: scoreOf(result, p.answer.answers.length),
      top: { text: result.top[0].text, prob: result.top[0].prob },
      truncated: result.truncated > 0,
    };
    const controlResult = controlOf[i] === undefined ? undefined : results[controlOf[i]];
    if (controlResult instanceof Error) log.add({ prompt: p.control!, reason: 'control_error', detail: describeError(controlResult) });
    else if (controlResult) entry.controlScore = scoreOf(controlResult, p.answer.answers.length);
    scored.push(entry);
  });
  return scored;
}

type Figures = ReturnType<typeof resampleFigures>;

/** Percentile intervals of every figure over the bootstrap resamples. */
function intervalsOf(figures: readonly Figures[], point: Figures): EvalIntervals {
  const interval = (pick: (f: Figures) => number | null | undefined) => percentileInterval(figures.map((f) => pick(f) ?? Number.NaN));
  const metric = (key: keyof TaskMetrics) => interval((f) => f.metrics[key]);
  const ci: EvalIntervals = {
    level: INTERVAL_LEVEL,
    resamples: figures.length,
    mean_prob: metric('mean_prob'),
    top1: metric('top1'),
    top5: metric('top5'),
    median_rank: metric('median_rank'),
  };
  if (point.metrics.mean_logit_diff !== undefined) {
    ci.mean_logit_diff = metric('mean_logit_diff');
    ci.beats_distractor = metric('beats_distractor');
  }
  if (point.controlMean !== null) {
    ci.control_mean_prob = interval((f) => f.controlMean);
    ci.lift = interval((f) => f.lift);
  }
  return ci;
}

/** The prompts where model and heuristic disagree most: the lowest probability on the expected answer. */
function worstOf(scored: readonly Scored[]): WorstInstance[] {
  return [...scored]
    .sort((a, b) => a.score.prob - b.score.prob)
    .slice(0, EXAMPLES_SHOWN)
    .map((s) => ({
      prompt: s.instance.prompt,
      expected: s.answer.answers,
      prob: s.score.prob,
      rank: s.score.rank,
      model_top: s.top,
      ...(s.controlScore ? { control_prob: s.controlScore.prob } : {}),
    }));
}

/**
 * Generate (or take) instances, ask the heuristic for each prompt's answer, score the
 * answers and distractors with the engine on the prompts and on their controls, and sum
 * it up: metrics, bootstrap intervals, a verdict with its confidence, the failures, and the
 * prompts where model and heuristic disagree most. A heuristic or control that throws or
 * declines on a prompt costs that prompt only; it is counted and shown. Several acceptable
 * answers are combined as `combineAnswers` (tasks/metrics/instance-score.ts) says; the verdict
 * follows VERDICT_LEVELS (tasks/metrics/verdict.ts).
 *
 * @example (await evaluateTask(engine, inductionRandomTokens, { n: 200, seed: 0 })).verdict
 * // 'strong' on the tiny fixture model (mean_prob 0.164 vs 0.00076 on the controls, confidence 0.999)
 */
export async function evaluateTask(engine: ScoringEngine, task: TaskDefinition, options: EvaluateOptions = {}): Promise<EvalReport> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new InputError('bad_option', `seed must be a whole number (got ${seed})`);
  const bos = options.bos ?? true;
  const instances = instancesFor(task, options, seed);
  const log = new FailureLog();
  const planned = planInstances(task, instances, seededRng(seedFromString(`control:${seed}`)), log);
  const scored = await scorePlanned(engine, planned, bos, log, options.onProgress);

  if (scored.length === 0) {
    const first = log.examples[0];
    const { declined, heuristic_errors, scoring_errors } = log.counts;
    throw new InputError(
      'bad_task',
      `${task.id}: none of the ${instances.length} prompts could be scored (declined ${declined}, heuristic errors ${heuristic_errors}, scoring errors ${scoring_errors})${first ? `; first: ${first.reason}${first.detail ? ` — ${first.detail}` : ''}` : ''}`,
    );
  }

  const point = resampleFigures(scored);
  const resamples = bootstrapIndices(scored.length, BOOTSTRAP_RESAMPLES, seededRng(seedFromString(`bootstrap:${seed}`)));
  const figures = resamples.map((picks) => resampleFigures(scored, picks));
  const verdict = verdictOf(point.evidence);
  const withControl = scored.filter((s) => s.controlScore);
  const mismatched = scored.filter((s) => typeof s.instance.meta?.expected === 'string' && !s.answer.answers.includes(s.instance.meta.expected));
  const withActual = scored.filter((s) => typeof s.instance.actual === 'string');

  const report: EvalReport = {
    task: task.id,
    title: task.title,
    status: task.status,
    model: engine.modelId,
    n: instances.length,
    scored: scored.length,
    seed,
    bos,
    truncated: scored.filter((s) => s.truncated).length,
    metrics: point.metrics,
    control:
      withControl.length > 0
        ? { n: withControl.length, ...taskMetrics(withControl.map((s) => s.controlScore!)), lift: point.lift! }
        : null,
    ci: intervalsOf(figures, point),
    verdict,
    confidence: figures.filter((f) => verdictOf(f.evidence) === verdict).length / figures.length,
    verdict_reason: explainVerdict(point.evidence),
    failures: { count: log.unscored, ...log.counts, examples: log.examples },
    mismatches: {
      count: mismatched.length,
      examples: mismatched.slice(0, EXAMPLES_SHOWN).map((s) => ({
        prompt: s.instance.prompt,
        generator: s.instance.meta!.expected as string,
        heuristic: s.answer.answers,
      })),
    },
    worst: worstOf(scored),
  };
  if (withActual.length > 0) {
    const agree = withActual.filter((s) => s.answer.answers.some((a) => s.instance.actual!.startsWith(a)));
    report.actual_agreement = { n: withActual.length, share: agree.length / withActual.length };
  }
  return report;
}
