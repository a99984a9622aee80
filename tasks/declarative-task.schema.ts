import { z } from 'zod';
import { templateSlots } from './template-slots.ts';

/**
 * The declarative task form: a task written as data (JSON or YAML), by a researcher with no
 * code or by the Discord `/task submit` command. Two shapes:
 *
 * ```yaml
 * id: ioi-mini
 * title: IOI, two templates
 * template: "When {A} and {B} went to the {place}, {B} gave a {object} to"
 * lists:   { names: [John, Mary, Tom, Anna] }   # slots drawing from one list get distinct values
 * slots:   { A: names, B: names, C: names, place: [store, park], object: [ring, book] }
 * expected: " {A}"                             # or a list of acceptable answers
 * distractor: " {B}"                           # optional, one or a list
 * control: "When {A} and {B} went to the {place}, {C} gave a {object} to"   # optional; may use extra slots
 * regex: "(?<=\\b[A-Z][a-z]+ and [A-Z][a-z]+\\b[^\\n]{0,200}) to(?<answer> [A-Z][a-z]+)"   # optional
 * ```
 * or `pairs: [{ prompt, answer, distractor?, control? }, …]` instead of template/slots/expected.
 *
 * The heuristic of a template task reads a prompt back through the template (each slot a
 * capture, a repeated slot the same text) and fills `expected` with what it read; the one of
 * a pairs task looks the prompt up.
 */

export const TASK_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** a slot name is a JavaScript identifier: it becomes a regex group name */
const SLOT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names an object already has (`constructor`, `toString`, `__proto__`, …): a slot or list of
 * that name would be read off the object prototype instead of the task file.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const isReserved = (name: string): boolean => RESERVED_NAMES.has(name);

/** Limits that keep one task file from costing the bot or a worker more than a task is worth. */
export const TASK_LIMITS = {
  /** characters in a template, a control template or one prompt */
  promptChars: 4_000,
  /** characters in a title, an answer or one filler */
  shortChars: 500,
  descriptionChars: 4_000,
  regexChars: 2_000,
  /** distinct slots in one template */
  slots: 32,
  /** fillers in one list, and pairs in one task */
  items: 100_000,
} as const;

const text = z.string().min(1, 'must not be empty');
const shortText = text.max(TASK_LIMITS.shortChars, `must be at most ${TASK_LIMITS.shortChars} characters`);
const promptText = text.max(TASK_LIMITS.promptChars, `must be at most ${TASK_LIMITS.promptChars} characters`);
const identifier = (what: string) =>
  z
    .string()
    .max(64, `${what} names are at most 64 characters`)
    .regex(SLOT_NAME_PATTERN, `${what} names are identifiers`)
    .refine((name) => !isReserved(name), { message: `${what} name is reserved (a built-in property of every object); choose another` });
/** one answer or a list of acceptable ones */
const answerList = z.union([shortText, z.array(shortText).min(1, 'must list at least one answer').max(100, 'at most 100 answers')]);
const regexSource = text.max(TASK_LIMITS.regexChars, `must be at most ${TASK_LIMITS.regexChars} characters`);
const regexField = z.union([regexSource, z.strictObject({ source: regexSource, flags: z.string().regex(/^[dgimsuvy]*$/, 'unknown regex flag').optional() })]);

const fillerList = (emptyMessage: string) => z.array(shortText).min(1, emptyMessage).max(TASK_LIMITS.items, `at most ${TASK_LIMITS.items} fillers`);

const taskPairSchema = z.strictObject({
  prompt: promptText,
  answer: answerList,
  distractor: answerList.optional(),
  control: promptText.optional(),
});

const baseSchema = z.strictObject({
  id: z.string().regex(TASK_ID_PATTERN, 'must be kebab-case: lower-case letters, digits and hyphens, e.g. "capital-cities"'),
  title: shortText,
  description: z.string().max(TASK_LIMITS.descriptionChars, `must be at most ${TASK_LIMITS.descriptionChars} characters`).default(''),
  status: z.enum(['known', 'proposed', 'submitted']).default('submitted'),
  regex: regexField.optional(),
  template: promptText.optional(),
  lists: z.record(identifier('list'), fillerList('a list needs at least one filler')).optional(),
  slots: z.record(identifier('slot'), z.union([identifier('list'), fillerList('a slot needs at least one filler')])).optional(),
  expected: answerList.optional(),
  distractor: answerList.optional(),
  control: promptText.optional(),
  pairs: z.array(taskPairSchema).min(1, 'give at least one pair').max(TASK_LIMITS.items, `at most ${TASK_LIMITS.items} pairs`).optional(),
});

type BaseTask = z.output<typeof baseSchema>;

/** one answer or a list of them, as a list */
export const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Compile a regex field, or say why it does not fit: the corpus miner needs a named group `answer`. */
function regexProblem(source: string, flags = ''): string | null {
  try {
    new RegExp(source, flags);
  } catch (err) {
    // the engine's message quotes the whole pattern: keep the reason, not the pattern
    const reason = (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, 'Invalid regular expression: ');
    return `does not compile: ${reason.length > 120 ? `${reason.slice(0, 119)}…` : reason}`;
  }
  return /\(\?<answer>/.test(source) ? null : 'has no named group (?<answer>…) marking the expected continuation';
}

/** The checks across fields that a per-field schema cannot make. */
function checkTask(task: BaseTask, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  if (task.regex !== undefined) {
    const { source, flags } = typeof task.regex === 'string' ? { source: task.regex, flags: '' } : task.regex;
    const problem = regexProblem(source, flags);
    if (problem) issue(['regex'], problem);
  }

  if (task.pairs !== undefined) {
    if (task.template !== undefined) issue(['pairs'], 'give either template or pairs, not both');
    for (const field of ['slots', 'lists', 'expected', 'distractor', 'control'] as const) {
      if (task[field] !== undefined) issue([field], 'belongs to template tasks; a pairs task puts answer, distractor and control in each pair');
    }
    const seen = new Map<string, number>();
    task.pairs.forEach((pair, i) => {
      if (seen.has(pair.prompt)) issue(['pairs', i, 'prompt'], `repeats the prompt of pairs[${seen.get(pair.prompt)}]`);
      else seen.set(pair.prompt, i);
    });
    return;
  }
  if (task.template === undefined) {
    issue(['template'], 'is missing: give template (with slots and expected) or pairs');
    return;
  }

  const inTemplate = templateSlots(task.template);
  if (inTemplate.length === 0) issue(['template'], 'has no {slot}: a fixed prompt belongs in pairs');
  if (inTemplate.length > TASK_LIMITS.slots) issue(['template'], `has ${inTemplate.length} slots; at most ${TASK_LIMITS.slots}`);
  for (const [field, template] of [['template', task.template], ['control', task.control ?? '']] as const) {
    for (const slot of templateSlots(template).filter(isReserved)) issue([field], `slot {${slot}} is a reserved name (a built-in property of every object); choose another`);
  }
  if (task.expected === undefined) issue(['expected'], 'is missing: what comes after the prompt, e.g. " {A}"');

  // expected and distractors are filled from what the heuristic reads, so only from template slots
  for (const field of ['expected', 'distractor'] as const) {
    asList(task[field]).forEach((answer, i) => {
      for (const slot of templateSlots(answer)) {
        if (!inTemplate.includes(slot)) {
          issue(Array.isArray(task[field]) ? [field, i] : [field], `uses {${slot}}, which the template does not contain: the heuristic could not read it from the prompt`);
        }
      }
    });
  }

  const slots = task.slots ?? {};
  const lists = task.lists ?? {};
  const used: [string, string[]][] = [
    ['template', inTemplate],
    ['control', task.control ? templateSlots(task.control) : []],
  ];
  for (const [field, names] of used) {
    for (const slot of names) {
      if (!isReserved(slot) && !Object.hasOwn(slots, slot)) issue([field], `slot {${slot}} has no filler list: add slots.${slot} (a list of fillers, or the name of a list under lists)`);
    }
  }
  const perList = new Map<string, string[]>();
  for (const [slot, fill] of Object.entries(slots)) {
    if (typeof fill !== 'string') continue;
    if (!Object.hasOwn(lists, fill)) {
      issue(['slots', slot], `names the list "${fill}", but lists.${fill} is not defined`);
      continue;
    }
    perList.set(fill, [...(perList.get(fill) ?? []), slot]);
  }
  for (const [list, users] of perList) {
    if (new Set(lists[list]).size < users.length) {
      issue(['lists', list], `has ${new Set(lists[list]).size} distinct fillers but slots ${users.join(', ')} each need a different one`);
    }
  }
}

/** The whole declarative task form, cross-field checks included: parse a task file or a `/task submit` payload with it. */
export const declarativeTaskSchema = baseSchema.superRefine(checkTask);

/** A task file after parsing (defaults filled in). */
export type DeclarativeTaskFile = z.output<typeof declarativeTaskSchema>;
