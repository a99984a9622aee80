import { z } from 'zod';
import { ExpressionError } from './template-helpers.ts';
import { listCalls, referencedSlots, templateParts, type TemplatePart } from './template-slots.ts';

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
 * or `templates: [ "…", { template, expected?, distractor?, control? }, … ]` in place of
 * `template` (each prompt drawn from one; an entry's own fields override the task's), or
 * `pairs: [{ prompt, answer, distractor?, control? }, …]` instead of template/slots/expected.
 * A slot may also draw whole numbers: `N: { from: 1, to: 60, pad?: 2 }`. Answers (and
 * templates, over slots read before) may call helpers: `expected: "{add(N, 1)}"`
 * (template-helpers.ts).
 *
 * The heuristic of a template task reads a prompt back through its templates (each slot a
 * capture holding one of its fillers, a repeated slot the same text, a helper call its value)
 * and fills `expected` with what it read; the one of a pairs task looks the prompt up.
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
  /** templates of one task: each is tried in turn on every prompt read */
  templates: 32,
  /** the largest magnitude of a number slot's bounds: every sum a helper makes stays exact */
  numberMagnitude: 99_999_999,
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

const bound = z
  .number()
  .int('must be a whole number')
  .min(-TASK_LIMITS.numberMagnitude, `must be at least -${TASK_LIMITS.numberMagnitude}`)
  .max(TASK_LIMITS.numberMagnitude, `must be at most ${TASK_LIMITS.numberMagnitude}`);
/** a slot drawing whole numbers: `{ from: 2, to: 98, pad: 2 }` gives "02" … "98" */
const numberRange = z
  .strictObject({ from: bound, to: bound, pad: z.number().int('must be a whole number').min(1, 'must be 1 to 9 digits').max(9, 'must be 1 to 9 digits').optional() })
  .refine((r) => r.from <= r.to, { message: 'from must not be larger than to' });
export type NumberRange = z.output<typeof numberRange>;

const templateEntry = z.union([
  promptText,
  z.strictObject({ template: promptText, expected: answerList.optional(), distractor: answerList.optional(), control: promptText.optional() }),
]);

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
  templates: z.array(templateEntry).min(1, 'give at least one template').max(TASK_LIMITS.templates, `at most ${TASK_LIMITS.templates} templates`).optional(),
  lists: z.record(identifier('list'), fillerList('a list needs at least one filler')).optional(),
  slots: z.record(identifier('slot'), z.union([identifier('list'), fillerList('a slot needs at least one filler'), numberRange])).optional(),
  expected: answerList.optional(),
  distractor: answerList.optional(),
  control: promptText.optional(),
  pairs: z.array(taskPairSchema).min(1, 'give at least one pair').max(TASK_LIMITS.items, `at most ${TASK_LIMITS.items} pairs`).optional(),
});

type BaseTask = z.output<typeof baseSchema>;
type Path = (string | number)[];

/** One template of a task with the answers and control that go with it, and where each was written. */
export interface TaskVariant {
  template: string;
  expected: string[];
  distractors: string[];
  control?: string;
  at: { template: Path; expected: Path; distractor: Path; control: Path };
}

/**
 * The templates of a task (`template`, or each of `templates`), each with its answers and
 * control: the entry's own, else the task's.
 */
export function taskVariants(task: Pick<BaseTask, 'template' | 'templates' | 'expected' | 'distractor' | 'control'>): TaskVariant[] {
  const entries = task.template !== undefined ? [task.template] : (task.templates ?? []);
  const one = task.template !== undefined;
  return entries.map((entry, i) => {
    const own = typeof entry === 'string' ? { template: entry } : entry;
    const field = (name: 'expected' | 'distractor' | 'control'): Path => (own[name] !== undefined ? ['templates', i, name] : [name]);
    return {
      template: own.template,
      expected: asList(own.expected ?? task.expected),
      distractors: asList(own.distractor ?? task.distractor),
      control: own.control ?? task.control,
      at: { template: one ? ['template'] : typeof entry === 'string' ? ['templates', i] : ['templates', i, 'template'], expected: field('expected'), distractor: field('distractor'), control: field('control') },
    };
  });
}

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
    if (task.template !== undefined || task.templates !== undefined) issue(['pairs'], `give either ${task.template !== undefined ? 'template' : 'templates'} or pairs, not both`);
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
  if (task.template !== undefined && task.templates !== undefined) {
    issue(['templates'], 'give either template or templates, not both');
    return;
  }
  if (task.template === undefined && task.templates === undefined) {
    issue(['template'], 'is missing: give template (with slots and expected) or pairs');
    return;
  }

  const slots = task.slots ?? {};
  const lists = task.lists ?? {};
  const reported = new Set<string>();
  /** one issue per field and message, however many templates share the field */
  const once = (path: Path, message: string) => {
    const key = `${path.join('.')}\u0000${message}`;
    if (!reported.has(key)) issue(path, message);
    reported.add(key);
  };
  const parse = (text: string, path: Path): TemplatePart[] | null => {
    try {
      return templateParts(text);
    } catch (err) {
      if (err instanceof ExpressionError) {
        once(path, err.message);
        return null;
      }
      throw err;
    }
  };
  /** per template, the slots one prompt draws (with its control): those sharing a list need distinct fillers */
  const drawnPerTemplate: Set<string>[] = [];
  const several = task.templates !== undefined && task.templates.length > 1;

  for (const variant of taskVariants(task)) {
    const { at } = variant;
    const parts = parse(variant.template, at.template);
    if (!parts) continue;
    const drawn = new Set<string>();
    drawnPerTemplate.push(drawn);
    const plain = [...new Set(parts.flatMap((p) => (p.kind === 'slot' ? [p.name] : [])))];
    const which = several ? at.template.slice(0, 2).map((p, i) => (i === 0 ? p : `[${p}]`)).join('') : 'the template';
    if (plain.length === 0) once(at.template, 'has no {slot}: a fixed prompt belongs in pairs');
    if (plain.length > TASK_LIMITS.slots) once(at.template, `has ${plain.length} slots; at most ${TASK_LIMITS.slots}`);
    for (const call of listCalls(parts)) once(at.template, `{${call}} gives a list of answers: only expected and distractor may use it`);
    // a helper call in a template is read back from slots already read: they must come first
    const before = new Set<string>();
    for (const part of parts) {
      if (part.kind === 'slot') before.add(part.name);
      else if (part.kind === 'call') {
        for (const slot of referencedSlots([part])) {
          if (!before.has(slot)) once(at.template, `{${part.source}} reads {${slot}} before the template holds it: put a plain {${slot}} earlier`);
        }
      }
    }
    referencedSlots(parts).forEach((slot) => drawn.add(slot));

    if (variant.expected.length === 0) once(at.expected, 'is missing: what comes after the prompt, e.g. " {A}"');
    // expected and distractors are filled from what the heuristic reads, so only from template slots
    for (const [field, answers] of [['expected', variant.expected], ['distractor', variant.distractors]] as const) {
      const path = field === 'expected' ? at.expected : at.distractor;
      answers.forEach((answer, i) => {
        const where = answers.length > 1 ? [...path, i] : path;
        const answerParts = parse(answer, where);
        if (!answerParts) return;
        if (listCalls(answerParts).length > 1) once(where, `holds ${listCalls(answerParts).length} list helpers; an answer may hold one`);
        for (const slot of referencedSlots(answerParts)) {
          if (!plain.includes(slot)) once(where, `uses {${slot}}, which ${which} does not contain: the heuristic could not read it from the prompt`);
        }
      });
    }

    if (variant.control !== undefined) {
      const controlParts = parse(variant.control, at.control);
      if (controlParts) {
        for (const call of listCalls(controlParts)) once(at.control, `{${call}} gives a list of answers: only expected and distractor may use it`);
        referencedSlots(controlParts).forEach((slot) => drawn.add(slot));
      }
    }
  }

  for (const variant of taskVariants(task)) {
    for (const [path, text] of [[variant.at.template, variant.template], [variant.at.control, variant.control]] as const) {
      if (text === undefined) continue;
      let names: string[];
      try {
        names = referencedSlots(text);
      } catch {
        continue; // reported above
      }
      for (const slot of names) {
        if (isReserved(slot)) once(path, `slot {${slot}} is a reserved name (a built-in property of every object); choose another`);
        else if (!Object.hasOwn(slots, slot)) once(path, `slot {${slot}} has no filler list: add slots.${slot} (a list of fillers, a list's name under lists, or a number range { from, to })`);
      }
    }
  }

  for (const [slot, fill] of Object.entries(slots)) {
    if (typeof fill === 'string' && !Object.hasOwn(lists, fill)) issue(['slots', slot], `names the list "${fill}", but lists.${fill} is not defined`);
  }
  for (const drawn of drawnPerTemplate) {
    const perList = new Map<string, string[]>();
    for (const slot of drawn) {
      const fill = Object.hasOwn(slots, slot) ? slots[slot] : undefined;
      if (typeof fill === 'string' && Object.hasOwn(lists, fill)) perList.set(fill, [...(perList.get(fill) ?? []), slot]);
    }
    for (const [list, users] of perList) {
      const distinct = new Set(lists[list]).size;
      if (distinct < users.length) once(['lists', list], `has ${distinct} distinct fillers but slots ${users.join(', ')} each need a different one`);
    }
  }
}

/** The whole declarative task form, cross-field checks included: parse a task file or a `/task submit` payload with it. */
export const declarativeTaskSchema = baseSchema.superRefine(checkTask);

/** A task file after parsing (defaults filled in). */
export type DeclarativeTaskFile = z.output<typeof declarativeTaskSchema>;
