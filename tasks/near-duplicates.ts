import { seededRng } from '../common/random.ts';
import { BUILTIN_TASKS } from './builtin/index.ts';
import { parseDeclarativeTask } from './declarative-task.ts';
import type { HeuristicAnswer, TaskDefinition } from './task-types.ts';
import { FIRST_NAMES } from './vocab/first-names.ts';

/**
 * Whether a submitted task repeats one already known, before it is stored: `/task submit` and
 * `hunt submit` both warn with these (a warning, not a gate).
 */

/** A known task a submission seems to repeat, and why. */
export interface NearDuplicate {
  /** "built-in ioi" or "#12 my-ioi" */
  label: string;
  reason: string;
}

/** Prompts sampled from each side when comparing two tasks' heuristics. */
export const DUPLICATE_SAMPLES = 24;
/** Share of sampled prompts on which two heuristics must give the same answer to count as the same. */
export const SAME_HEURISTIC_SHARE = 0.75;
/**
 * Longest the whole check may run on the bot's main thread. Each reading is bounded by the
 * template matcher's step budget; this bounds a catalog of many tasks too. Tasks not
 * compared by then are left out of the warning (it is a warning, not a gate).
 */
export const NEAR_DUPLICATE_BUDGET_MS = 2_000;

/** A task already known: built in, or in the catalog. */
export interface KnownTask {
  /** "built-in ioi", "#12 IOI with gifts" */
  label: string;
  task: TaskDefinition;
  /** the declarative definition, when there is one (catalogued tasks) */
  definition?: Record<string, unknown>;
}

/** The tasks a submission is compared with: the built-in ones, and the catalog's (`exportRecords`). */
export function knownTasks(catalogRecords: readonly { task_id: number; definition: Record<string, unknown> }[]): KnownTask[] {
  const builtin = BUILTIN_TASKS.map((task) => ({ label: `built-in ${task.id}`, task }));
  return [...builtin, ...knownFromCatalog(catalogRecords)];
}

const NAMES = new Set(FIRST_NAMES);

/**
 * A template with its slots renamed by order of appearance and literal first names
 * turned into a slot, so that two templates equal "up to names" compare equal.
 *
 * @example normalizeTemplate('When {A} and {B} went to the store, {B} gave it to') // 'when {1} and {2} went to the store, {2} gave it to'
 * @example normalizeTemplate('When {X} and {Y} went to the store, {Y} gave it to') // the same
 * @example normalizeTemplate('When John and Mary met, Mary said to')               // 'when {name} and {name} met, {name} said to'
 */
export function normalizeTemplate(template: string): string {
  const order = new Map<string, number>();
  return template
    .replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, slot: string) => {
      if (!order.has(slot)) order.set(slot, order.size + 1);
      return `{${order.get(slot)}}`;
    })
    .replace(/\b[A-Z][a-z]+\b/g, (word) => (NAMES.has(word) ? '{name}' : word))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A definition's templates: `template`, or each of `templates` (a text or `{ template, … }`). */
function templatesOf(definition: Record<string, unknown> | undefined): string[] {
  if (typeof definition?.template === 'string') return [definition.template];
  if (!Array.isArray(definition?.templates)) return [];
  return definition.templates.flatMap((t: unknown) => {
    const text = typeof t === 'string' ? t : (t as { template?: unknown } | null)?.template;
    return typeof text === 'string' ? [text] : [];
  });
}

function ask(task: TaskDefinition, prompt: string): HeuristicAnswer | null {
  try {
    return task.heuristic(prompt);
  } catch {
    return null; // a heuristic that throws on a stranger's prompt simply does not recognise it
  }
}

/** A task's sampled prompts, each with the task's own first answer (undefined when it declines); [] when it cannot generate. */
function sampleAnswers(task: TaskDefinition, seed: number): { prompt: string; first: string | undefined }[] {
  let instances;
  try {
    instances = task.generate(seededRng(seed), DUPLICATE_SAMPLES);
  } catch {
    return [];
  }
  return instances.map(({ prompt }) => ({ prompt, first: ask(task, prompt)?.answers[0] }));
}

/** How many of the sampled prompts `other`'s heuristic answers with the sampled task's own first answer. */
function agreement(samples: readonly { prompt: string; first: string | undefined }[], other: TaskDefinition): { same: number; of: number } {
  let same = 0;
  for (const { prompt, first } of samples) {
    if (first !== undefined && ask(other, prompt)?.answers[0] === first) same++;
  }
  return { same, of: samples.length };
}

/**
 * Known tasks that a submission repeats: the same template up to names (and slot
 * names), or a heuristic that gives the same answers on most prompts of either task
 * (which also catches a template a built-in task generates, e.g. an IOI sentence).
 */
export function findNearDuplicates(
  candidate: { task: TaskDefinition; definition: Record<string, unknown> },
  known: readonly KnownTask[],
  budgetMs = NEAR_DUPLICATE_BUDGET_MS,
): NearDuplicate[] {
  const deadline = performance.now() + budgetMs;
  const found: NearDuplicate[] = [];
  const mine = new Set(templatesOf(candidate.definition).map(normalizeTemplate));
  // The candidate's own samples are the same against every known task: drawn once.
  const candidateSamples = sampleAnswers(candidate.task, 1);
  for (const k of known) {
    if (performance.now() > deadline) break;
    if (templatesOf(k.definition).some((theirs) => mine.has(normalizeTemplate(theirs)))) {
      found.push({ label: k.label, reason: 'the same template, up to names' });
      continue;
    }
    const forward = agreement(candidateSamples, k.task);
    const backward = agreement(sampleAnswers(k.task, 2), candidate.task);
    const best = [forward, backward].filter((a) => a.of > 0).sort((a, b) => b.same / b.of - a.same / a.of)[0];
    if (best && best.same / best.of >= SAME_HEURISTIC_SHARE) {
      found.push({ label: k.label, reason: `its heuristic gives the same expected answer on ${best.same} of ${best.of} sample prompts` });
    }
  }
  return found;
}

/** Catalogued definitions as KnownTasks; a definition that no longer parses is skipped. */
export function knownFromCatalog(records: readonly { task_id: number; definition: Record<string, unknown> }[]): KnownTask[] {
  const known: KnownTask[] = [];
  for (const r of records) {
    try {
      const task = parseDeclarativeTask(r.definition, `catalog #${r.task_id}`);
      known.push({ label: `#${r.task_id} ${task.title}`, task, definition: r.definition });
    } catch {
      // catalogued under an older schema: nothing to compare with
    }
  }
  return known;
}
