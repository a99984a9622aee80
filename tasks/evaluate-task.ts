import { describeError, InputError } from '../common/errors.ts';
import { withSingleFallback } from '../common/item-batches.ts';
import { seededRng, seedFromString, type Rng } from '../common/random.ts';
import { baselineEngines, type BaselineEngine } from '../models/baselines/baseline-engines.ts';
import type { BaselineLM } from '../models/baselines/baseline-lm.ts';
import type { ScoreResult } from '../models/engine-types.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import { answersDroppedByControl } from './control-check.ts';
import type { EvalReport, FailureExample, WorstInstance } from './eval-report.ts';
import { NO_GENERIC_CONTROL, shuffledControl } from './generic-control.ts';
import type { ControlSource, InstanceRecord } from './instance-record.ts';
import { combineAnswers, combinedLogProbability } from './metrics/instance-score.ts';
import { summarizeRecords } from './metrics/eval-summary.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from './task-types.ts';
import { taskFigures } from './task-figures.ts';

export type { EvalReport } from './eval-report.ts';

export interface EvaluateOptions {
  /** how many instances to generate (default 200); with `instances`, a seeded random sample of that many (default all) */
  n?: number;
  /** seeds the generator, the controls, the sample and the bootstrap (default 0): same seed → same report */
  seed?: number;
  /** evaluate these (e.g. mined from a corpus) instead of generating */
  instances?: TaskInstance[];
  /** called after each scored chunk: progress bars */
  /** `prompts` of the `total` are the task's own prompts, scored first; the rest are their controls */
  onProgress?: (done: number, total: number, prompts: number) => void;
  /** prepend <|endoftext|> (default true, as TransformerLens does) */
  bos?: boolean;
  /** baseline predictors scored on the same prompts and controls (models/baselines/); the verdict requires beating each. Default: copier and unigram; [] for none */
  baselines?: readonly BaselineEngine[];
}

const cachedBaselines = new WeakMap<ScoringEngine, BaselineEngine[]>();

/** The copier and the merge-order unigram on the engine's tokenizer: what every evaluation is compared with unless told otherwise. */
function defaultBaselines(engine: ScoringEngine): BaselineEngine[] {
  let baselines = cachedBaselines.get(engine);
  if (!baselines) cachedBaselines.set(engine, (baselines = baselineEngines(engine.loaded)));
  return baselines;
}

export const DEFAULT_N = 200;
export const DEFAULT_SEED = 0;
/** instances per engine call: the engine batches inside a call; this only sets how often progress is reported */
const CHUNK = 32;
/** how many failures, mismatches and worst instances a report shows */
const EXAMPLES_SHOWN = 5;
/** generating more to replace duplicate prompts stops at this many times n */
const MAX_OVERGENERATION = 8;

/** An instance the heuristic answered: what gets scored. */
interface Planned {
  instance: TaskInstance;
  index: number;
  answer: HeuristicAnswer & { distractors: string[] };
  control: string | null;
  /** the task's own control, or the generic shuffle (the task gives none for this prompt) */
  controlSource: ControlSource;
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

/** Instances with identical prompts dropped (the first kept): a repeated prompt would count twice as evidence. */
function dedupe(instances: readonly TaskInstance[]): TaskInstance[] {
  const seen = new Set<string>();
  return instances.filter((i) => {
    const key = typeof i?.prompt === 'string' ? i.prompt : JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A seeded random sample of k items (partial Fisher–Yates), in their original order. */
function seededSample<T>(items: readonly T[], k: number, rng: Rng): T[] {
  const order = items.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (order.length - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, k).sort((a, b) => a - b).map((i) => items[i]);
}

/**
 * The instances to evaluate, without duplicate prompts. Generated: n distinct prompts (the
 * generator is asked for more while duplicates leave fewer than n). Given: a seeded random
 * sample of n distinct ones (all of them without n).
 */
function instancesFor(task: TaskDefinition, options: EvaluateOptions, seed: number): { instances: TaskInstance[]; duplicates: number; available: number } {
  const n = options.n;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new InputError('bad_option', `n must be a whole number ≥ 1 (got ${n})`);
  if (options.instances) {
    const unique = dedupe(options.instances);
    const duplicates = options.instances.length - unique.length;
    const chosen = n === undefined || n >= unique.length ? unique : seededSample(unique, n, seededRng(seedFromString(`sample:${seed}`)));
    return { instances: chosen, duplicates, available: options.instances.length };
  }
  const wanted = n ?? DEFAULT_N;
  let generated: TaskInstance[] = [];
  let unique: TaskInstance[] = [];
  for (let count = wanted; count <= wanted * MAX_OVERGENERATION; count *= 2) {
    // generators draw instance after instance from the rng, so a larger count extends the smaller one
    generated = task.generate(seededRng(seed), count);
    if (!Array.isArray(generated)) throw new InputError('bad_task', `${task.id}: generate() returned no list of instances`);
    unique = dedupe(generated);
    if (unique.length >= wanted || generated.length < count) break;
  }
  const instances = unique.slice(0, wanted);
  const cut = generated.indexOf(instances[instances.length - 1]) + 1;
  return { instances, duplicates: cut - instances.length, available: generated.length };
}

/**
 * Score every chunk of items; when the engine refuses a chunk (a prompt it cannot take),
 * score that chunk's items one by one so only the bad one is lost. An outage (the model
 * host gone, a transient fault) is not a bad prompt: it propagates (common/item-batches.ts).
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
    const outcomes = await withSingleFallback(
      chunk,
      (c) => engine.scoreMany(c, options),
      async (item) => (await engine.scoreMany([item], options))[0],
    );
    results.push(...outcomes.map((o) => (o.ok ? o.value : o.error)));
    progress(chunk.length);
  }
  return results;
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

/**
 * The control of an instance: the task's own; for a task without one (a task file or Discord
 * submission without `control`), and for corpus instances (no generator metadata), the
 * documented shuffle (generic-control.ts). Without any control the verdict could only compare
 * log P with the baselines, and a model whose unigram favours the task's answers would pass;
 * against a control a context-free model shows an effect of exactly 0. A task's own control
 * that gives null for a prompt (it cannot be built there) is not replaced: mixing two kinds of
 * control in one effect would blur what it measures.
 */
function controlOf(task: TaskDefinition, instance: TaskInstance, rng: Rng): { control: string | null; source: ControlSource } {
  const own = task.control ? task.control(instance, rng) || null : null;
  if (own !== null || (task.control && instance.source !== 'corpus')) return { control: own, source: 'task' };
  return { control: shuffledControl(instance.prompt, rng), source: 'generic' };
}

/** Ask the heuristic (and build the control) for every instance; what fails is logged and left out. */
function planInstances(task: TaskDefinition, instances: readonly TaskInstance[], controlRng: Rng, log: FailureLog): Planned[] {
  const planned: Planned[] = [];
  instances.forEach((instance, index) => {
    const prompt = instance?.prompt;
    if (typeof prompt !== 'string' || prompt.length === 0) {
      log.add({ prompt: String(prompt ?? ''), reason: 'scoring_error', detail: 'empty prompt' });
      return;
    }
    let answer: HeuristicAnswer | null;
    try {
      answer = askHeuristic(task, prompt);
    } catch (err) {
      log.add({ prompt, reason: 'heuristic_error', detail: describeError(err) });
      return;
    }
    if (answer === null) {
      log.add({ prompt, reason: 'declined' });
      return;
    }
    const answers = [...new Set(answer.answers)];
    const distractors = [...new Set(answer.distractors ?? [])].filter((d) => !answers.includes(d));
    let control: string | null = null;
    let controlSource: ControlSource = 'task';
    try {
      ({ control, source: controlSource } = controlOf(task, instance, controlRng));
      if (control === null && controlSource === 'generic') log.add({ prompt, reason: 'control_error', detail: NO_GENERIC_CONTROL });
    } catch (err) {
      log.add({ prompt, reason: 'control_error', detail: describeError(err) });
    }
    planned.push({ instance, index, answer: { answers, distractors }, control, controlSource });
  });
  return planned;
}

/** above this share of controls dropping the answer, the task's control is wrong, not one prompt */
const MAX_DROPPING_CONTROLS = 0.25;

/**
 * A control that drops the answer from the context makes the effect meaningless (a copier
 * "shows" it). Such a control is discarded (counted as a control error); when more than a quarter
 * of a task's own controls do it, the task is refused with one line (the generic shuffle is not
 * the task's to fix: its few are only discarded).
 */
function checkControls(engine: ScoringEngine, task: TaskDefinition, planned: Planned[], log: FailureLog): void {
  let dropping = 0;
  let total = 0;
  let first: { control: string; answer: string } | undefined;
  // both checks read the same prompts, controls and answers: each text is tokenized once
  const tokens = new Map<string, number[]>();
  const encode = (text: string): number[] => {
    let ids = tokens.get(text);
    if (!ids) tokens.set(text, (ids = engine.encode(text)));
    return ids;
  };
  for (const p of planned) {
    if (p.control === null) continue;
    const own = p.controlSource === 'task';
    if (own) total++;
    if (!own) {
      const unsound = genericControlProblem(encode, engine.contextLength, p);
      if (unsound) {
        log.add({ prompt: p.control, reason: 'control_error', detail: unsound });
        p.control = null;
        continue;
      }
    }
    const dropped = answersDroppedByControl(encode, p.instance.prompt, p.control, p.answer.answers);
    if (dropped.length === 0) continue;
    if (own) dropping++;
    if (own) first ??= { control: p.control, answer: dropped[0] };
    log.add({ prompt: p.control, reason: 'control_error', detail: `the control drops the answer ${JSON.stringify(dropped[0])} from the prompt` });
    p.control = null;
  }
  if (first && dropping > MAX_DROPPING_CONTROLS * total) {
    throw new InputError(
      'bad_task',
      `${task.id}: ${dropping} of ${total} controls drop the answer from the prompt (e.g. ${JSON.stringify(first.answer)} is missing from ${JSON.stringify(first.control.slice(-80))}); a control must keep the answer in the context and corrupt only the cue (tasks/README.md)`,
    );
  }
}

/**
 * Why a generic (shuffled-words) control cannot stand for this prompt, or null: it must hold
 * exactly the prompt's tokens (a copier then sees no difference), and the prompt must fit the
 * context — a prompt cut on the left would lose different words from the two, so the tokens the
 * model sees would differ.
 */
function genericControlProblem(encode: (text: string) => number[], contextLength: number, p: Planned): string | null {
  const promptIds = encode(p.instance.prompt);
  const longestAnswer = Math.max(0, ...requestAnswers(p).map((a) => encode(a).length));
  if (promptIds.length + 1 + longestAnswer > contextLength) {
    return `no generic control: the prompt (${promptIds.length} tokens) is cut to the model's context, and the cut would keep other words of a shuffle`;
  }
  const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b).join(',');
  if (sorted(encode(p.control!)) !== sorted(promptIds)) return 'no generic control: the shuffle changed how the words tokenize';
  return null;
}

/** The scoring requests: each prompt, then its control, with the answers, distractors and (corpus) actual continuation. */
function requestsOf(planned: readonly Planned[]) {
  const items: { prompt: string; answers: string[] }[] = [];
  const at: { clean: number; control?: number }[] = [];
  // every prompt first, then the controls: a progress bar can count the two apart
  for (const p of planned) {
    at.push({ clean: items.length });
    items.push({ prompt: p.instance.prompt, answers: requestAnswers(p) });
  }
  planned.forEach((p, i) => {
    if (p.control === null) return;
    at[i].control = items.length;
    items.push({ prompt: p.control, answers: requestAnswers(p) });
  });
  return { items, at };
}

/** What is scored on a prompt and on its control: the answers, the distractors and (corpus) the actual continuation. */
function requestAnswers(p: Planned): string[] {
  return [...p.answer.answers, ...p.answer.distractors, ...(p.instance.actual ? [p.instance.actual] : [])];
}

function clusterOf(p: Planned): string {
  const template = p.instance.meta?.template;
  return typeof template === 'number' || typeof template === 'string' ? `template:${template}` : `prompt:${p.index}`;
}

/**
 * A baseline's log P(any acceptable answer) on the very tokens the model was scored on (the
 * model's result carries the prompt's tokens, truncation applied, and each answer's tokens).
 */
function baselineLogProb(lm: BaselineLM, result: ScoreResult, answerCount: number): number {
  const context = [...(result.bos ? [lm.bosId] : []), ...result.prompt_tokens.map((t) => t.id)];
  const answers = result.answers.slice(0, answerCount).map((a) => ({ token_ids: a.token_ids, logprob: lm.sequenceLogProb(context, a.token_ids) }));
  return combinedLogProbability(answers);
}

/** The prompts where model and heuristic disagree most: the lowest probability on the expected answer. */
function worstOf(records: readonly InstanceRecord[]): WorstInstance[] {
  return [...records]
    .sort((a, b) => a.model.clean.logprob - b.model.clean.logprob)
    .slice(0, EXAMPLES_SHOWN)
    .map((r) => ({
      prompt: r.prompt,
      expected: r.answers,
      prob: r.model.clean.prob,
      rank: r.model.clean.rank,
      model_top: r.model.top,
      ...(r.model.control ? { control_prob: r.model.control.prob } : {}),
    }));
}

/**
 * Take or generate instances (duplicates dropped), ask the heuristic for each prompt's
 * answer, build its control (checked to keep the answer in the context), score answers and
 * distractors with the engine and with each baseline on the prompts and their controls, and
 * sum it up from the per-prompt records (`summarizeRecords`): paired effects with cluster
 * bootstrap intervals and sign tests, the baselines, the verdict (tasks/metrics/verdict.ts),
 * the failures and the prompts where model and heuristic disagree most. A heuristic or control
 * that throws or declines on a prompt costs that prompt only; it is counted and shown.
 *
 * @example (await evaluateTask(engine, inductionRandomTokens, { n: 200, seed: 0 })).verdict
 * // 'strong' on the tiny fixture model
 */
export async function evaluateTask(engine: ScoringEngine, task: TaskDefinition, options: EvaluateOptions = {}): Promise<EvalReport> {
  const { report } = await evaluateTaskWithRecords(engine, task, options);
  return report;
}

/** `evaluateTask`, with the per-prompt records the report was computed from (what `--out` writes). */
export async function evaluateTaskWithRecords(
  engine: ScoringEngine,
  task: TaskDefinition,
  options: EvaluateOptions = {},
): Promise<{ report: EvalReport; records: InstanceRecord[] }> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new InputError('bad_option', `seed must be a whole number (got ${seed})`);
  const bos = options.bos ?? true;
  const { instances, duplicates, available } = instancesFor(task, options, seed);
  const log = new FailureLog();
  const planned = planInstances(task, instances, seededRng(seedFromString(`control:${seed}`)), log);
  checkControls(engine, task, planned, log);

  const { items, at } = requestsOf(planned);
  let done = 0;
  const results = await scoreAll(engine, items, bos, (count) => {
    done += count;
    options.onProgress?.(done, items.length, planned.length);
  });
  const baselines = options.baselines ?? defaultBaselines(engine);

  const records: InstanceRecord[] = [];
  planned.forEach((p, i) => {
    const clean = results[at[i].clean];
    if (clean instanceof Error) {
      log.add({ prompt: p.instance.prompt, reason: 'scoring_error', detail: describeError(clean) });
      return;
    }
    const k = p.answer.answers.length;
    const d = p.answer.distractors.length;
    const record: InstanceRecord = {
      prompt: p.instance.prompt,
      control: p.control,
      ...(p.control !== null ? { control_source: p.controlSource } : {}),
      answers: p.answer.answers,
      distractors: p.answer.distractors,
      cluster: clusterOf(p),
      truncated: clean.truncated > 0,
      model: {
        clean: combineAnswers(clean.answers.slice(0, k), clean.answers.slice(k, k + d)),
        top: { text: clean.top[0].text, prob: clean.top[0].prob },
      },
      baselines: {},
    };
    if (typeof p.instance.meta?.expected === 'string') record.expected = p.instance.meta.expected;
    if (typeof p.instance.meta?.order === 'string') record.variant = p.instance.meta.order;
    if (typeof p.instance.actual === 'string') {
      record.actual = p.instance.actual;
      record.model.actual_logprob = clean.answers[k + d].logprob;
    }
    const control = at[i].control === undefined ? undefined : results[at[i].control!];
    if (control instanceof Error) log.add({ prompt: p.control!, reason: 'control_error', detail: describeError(control) });
    else if (control) record.model.control = combineAnswers(control.answers.slice(0, k), control.answers.slice(k, k + d));
    for (const b of baselines) {
      const entry: { clean: number; control?: number } = { clean: baselineLogProb(b.lm, clean, k) };
      if (record.model.control && control && !(control instanceof Error)) entry.control = baselineLogProb(b.lm, control, k);
      record.baselines[b.name] = entry;
    }
    records.push(record);
  });

  if (records.length === 0) {
    const first = log.examples[0];
    const { declined, heuristic_errors, scoring_errors } = log.counts;
    throw new InputError(
      'bad_task',
      `${task.id}: none of the ${instances.length} prompts could be scored (declined ${declined}, heuristic errors ${heuristic_errors}, scoring errors ${scoring_errors})${first ? `; first: ${first.reason}${first.detail ? ` — ${first.detail}` : ''}` : ''}`,
    );
  }

  const summary = summarizeRecords(records, seed);
  const mismatched = records.filter((r) => r.expected !== undefined && !r.answers.includes(r.expected));
  const report: EvalReport = {
    task: task.id,
    title: task.title,
    status: task.status,
    model: engine.modelId,
    n: instances.length,
    seed,
    bos,
    duplicates_removed: duplicates,
    available,
    truncated: records.filter((r) => r.truncated).length,
    first_token_metrics: ['top1', 'top5', 'median_rank', 'mean_logit_diff'],
    ...summary,
    failures: { count: log.unscored, ...log.counts, examples: log.examples },
    mismatches: {
      count: mismatched.length,
      examples: mismatched.slice(0, EXAMPLES_SHOWN).map((r) => ({ prompt: r.prompt, generator: r.expected!, heuristic: r.answers })),
    },
    worst: worstOf(records),
  };
  const figures = taskFigures(task.id, records);
  if (figures) report.task_figures = figures;
  const withActual = records.filter((r) => r.actual !== undefined);
  if (withActual.length > 0) report.actual_agreement = actualAgreement(withActual);
  return { report, records };
}

/** For corpus instances: does the model side with what the text said, with the heuristic, both or neither? */
function actualAgreement(records: readonly InstanceRecord[]): NonNullable<EvalReport['actual_agreement']> {
  const table = { both: 0, text: 0, heuristic: 0, neither: 0 };
  let heuristicMatches = 0;
  let actualLogprob = 0;
  for (const r of records) {
    const heuristicIsText = r.answers.some((a) => r.actual!.startsWith(a));
    if (heuristicIsText) heuristicMatches++;
    // the model "agrees" with a continuation when its top next token starts it
    const top = r.model.top.text;
    const withText = top.length > 0 && r.actual!.startsWith(top);
    const withHeuristic = top.length > 0 && r.answers.some((a) => a.startsWith(top));
    table[withText && withHeuristic ? 'both' : withText ? 'text' : withHeuristic ? 'heuristic' : 'neither']++;
    actualLogprob += r.model.actual_logprob ?? 0;
  }
  return {
    n: records.length,
    share: heuristicMatches / records.length,
    mean_prob_actual: records.reduce((s, r) => s + Math.exp(r.model.actual_logprob ?? -Infinity), 0) / records.length,
    mean_prob_heuristic: records.reduce((s, r) => s + r.model.clean.prob, 0) / records.length,
    mean_logprob_actual: actualLogprob / records.length,
    model_agrees: table,
  };
}
