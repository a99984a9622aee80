import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { InputError } from '../common/errors.ts';
import { pick, sample, seededRng, type Rng } from '../common/random.ts';
import { BUILTIN_TASKS, findBuiltinTask } from './builtin/index.ts';
import { asList, declarativeTaskSchema, taskVariants, type DeclarativeTaskFile, type NumberRange } from './declarative-task.schema.ts';
import { definitionShapeProblem } from './definition-nesting.ts';
import { compileTemplateMatcher, TEMPLATE_MATCH_STEP_BUDGET, type SlotConstraints, type TemplateMatcher } from './template-matcher.ts';
import { evaluateExpression } from './template-helpers.ts';
import { fillAnswers, fillTemplate, referencedSlots, templateParts, type TemplatePart } from './template-slots.ts';
import type { HeuristicAnswer, TaskDefinition, TaskInstance } from './task-types.ts';

export { declarativeTaskSchema } from './declarative-task.schema.ts';

/** Each problem is one line a person reads (a 4,000-character slot name is not quoted whole), and a file with hundreds of problems shows the first few. */
const LINE_MAX = 300;
const LINES_SHOWN = 12;

/** "pairs[2].prompt", "slots.A", "(top level)" */
function fieldPath(issuePath: readonly PropertyKey[]): string {
  if (issuePath.length === 0) return '(top level)';
  return issuePath.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

const saysMissing = (issue: z.core.$ZodIssue): boolean => /received undefined/.test(issue.message);

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && saysMissing(issue)) return `is missing (expected ${issue.expected})`;
  // a field of several accepted shapes ("a text or a list"): missing when every shape says so
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every((branch) => branch.some(saysMissing))) {
    return 'is missing';
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** Every problem of a task file in one message, each naming the file and the field. */
function describeIssues(origin: string, issues: readonly z.core.$ZodIssue[]): string {
  // each line indented by two under the first when there are several
  const max = issues.length === 1 ? LINE_MAX : LINE_MAX - 2;
  const clip = (line: string) => (line.length > max ? `${line.slice(0, max - 1)}…` : line);
  const lines = issues.slice(0, LINES_SHOWN).map((issue) => {
    const where = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? '' : `${fieldPath(issue.path)}: `;
    return clip(`${origin}: ${where}${issueMessage(issue)}`);
  });
  if (issues.length > LINES_SHOWN) lines.push(`… and ${issues.length - LINES_SHOWN} more`);
  return issues.length === 1 ? lines[0] : `${origin}: ${issues.length} problems in the task definition:\n  ${lines.join('\n  ')}`;
}

function regexOf(task: DeclarativeTaskFile): TaskDefinition['regex'] {
  if (task.regex === undefined) return undefined;
  return typeof task.regex === 'string' ? { source: task.regex } : { source: task.regex.source, flags: task.regex.flags };
}

/** A number slot's value as generated and as read back: "-3", "7", "07" with pad 2. */
function formatNumber(k: number, pad = 0): string {
  return `${k < 0 ? '-' : ''}${String(Math.abs(k)).padStart(pad, '0')}`;
}

/** Fill the named slots; slots drawing from the same named list get distinct fillers. */
function drawSlots(task: DeclarativeTaskFile, lists: ReadonlyMap<string, readonly string[]>, names: readonly string[], rng: Rng): Record<string, string> {
  const slots = task.slots ?? {};
  const values: Record<string, string> = {};
  const byList = new Map<string, string[]>();
  for (const name of names) {
    const fill = slots[name];
    if (Array.isArray(fill)) values[name] = pick(rng, fill);
    else if (typeof fill === 'object') values[name] = formatNumber(fill.from + Math.floor(rng() * (fill.to - fill.from + 1)), fill.pad);
    else byList.set(fill, [...(byList.get(fill) ?? []), name]);
  }
  for (const [list, users] of byList) {
    const drawn = sample(rng, lists.get(list) ?? [], users.length);
    users.forEach((name, i) => (values[name] = drawn[i]));
  }
  return values;
}

/**
 * What a reading may take each slot to hold: one of its fillers, or a number of its range
 * written as the generator writes it ("07", not "7", with pad 2). A prompt whose slot holds
 * anything else is not read: the heuristic declines it, as it would a prompt of another shape.
 */
function slotConstraints(task: DeclarativeTaskFile, lists: ReadonlyMap<string, readonly string[]>): SlotConstraints {
  const fillers = new Map<string, ReadonlySet<string>>();
  const longest = new Map<string, number>();
  const ranges = new Map<string, NumberRange>();
  for (const [slot, fill] of Object.entries(task.slots ?? {})) {
    if (typeof fill === 'object' && !Array.isArray(fill)) {
      ranges.set(slot, fill);
      longest.set(slot, Math.max(formatNumber(fill.from, fill.pad).length, formatNumber(fill.to, fill.pad).length));
      continue;
    }
    const values = new Set(typeof fill === 'string' ? (lists.get(fill) ?? []) : fill);
    fillers.set(slot, values);
    longest.set(slot, Math.max(0, ...[...values].map((v) => v.length)));
  }
  return {
    accepts(slot, value) {
      const range = ranges.get(slot);
      if (!range) return fillers.get(slot)?.has(value) ?? true;
      if (!/^-?\d{1,9}$/.test(value)) return false;
      const k = Number(value);
      return k >= range.from && k <= range.to && formatNumber(k, range.pad) === value;
    },
    maxLength: (slot) => longest.get(slot) ?? Number.POSITIVE_INFINITY,
  };
}

/** Slots written next to each other with no text between them, e.g. "{A}{B}". */
function adjacentSlots(template: string): string | undefined {
  return /\{[A-Za-z_][A-Za-z0-9_]*\}(?:\{[A-Za-z_][A-Za-z0-9_]*\})+/.exec(template)?.[0];
}

/** One template of a task, compiled: its reader, and the parts of its answers and control. */
interface CompiledVariant {
  template: string;
  /** the fields it was written in, for messages: "templates[1].template", "control" */
  where: string;
  controlWhere: string;
  parts: TemplatePart[];
  reader: TemplateMatcher;
  expected: TemplatePart[][];
  distractors: TemplatePart[][];
  control?: TemplatePart[];
  /** the slots a prompt and its control draw */
  used: string[];
}

/**
 * A template whose own prompts cannot be read back within the matcher's step budget would
 * decline on them silently: refuse it now, naming what makes the reading expensive.
 */
function refuseUnboundedReading(variant: CompiledVariant, draw: (rng: Rng) => Record<string, string>, origin: string): void {
  let prompts: string[];
  try {
    const rng = seededRng(0);
    prompts = Array.from({ length: 4 }, () => fillTemplate(variant.parts, draw(rng)));
  } catch {
    return; // a generation problem is reported where generation runs
  }
  if (!prompts.some((prompt) => variant.reader.read(prompt).exhausted)) return;
  const adjacent = adjacentSlots(variant.template);
  const construct = adjacent ? `the adjacent slots ${adjacent} (put fixed text between them)` : 'its repeated slots (use fewer, or put more fixed text between them)';
  throw new InputError('bad_task', `${origin}: template: cannot be read back within its time budget because of ${construct}`);
}

/**
 * Steps one prompt's reading may take over all of a task's templates: a task of many
 * templates costs the bot's main thread at most a few readings' worth.
 */
const READING_BUDGET_ALL_TEMPLATES = 4 * TEMPLATE_MATCH_STEP_BUDGET;

/**
 * A prompt or control from drawn slots. A helper call of the template that gives no value for
 * them (`{add(N, 1)}` on a word) is the task's mistake: one line naming the template and values.
 */
function fillDrawn(parts: readonly TemplatePart[], slots: Readonly<Record<string, string>>, where: string, origin: string): string {
  for (const part of parts) {
    if (part.kind !== 'call') continue;
    if (typeof evaluateExpression(part.expression, slots) !== 'string') {
      const values = referencedSlots([part]).map((name) => `${name} = ${JSON.stringify(slots[name]).slice(0, 40)}`).join(', ');
      throw new InputError('bad_task', `${origin}: ${where}: {${part.source}} gives no value for ${values}`);
    }
  }
  return fillTemplate(parts, slots);
}

/** The answers of answer templates for the slots read; those whose helper cannot apply are left out. */
function answersFor(templates: readonly TemplatePart[][], groups: Readonly<Record<string, string>>): string[] {
  return templates.flatMap((parts) => fillAnswers(parts, groups) ?? []);
}

function templateTask(task: DeclarativeTaskFile, origin: string): Pick<TaskDefinition, 'generate' | 'heuristic' | 'control'> {
  // each list's distinct fillers, once per task rather than once per prompt
  const distinctLists = new Map(Object.entries(task.lists ?? {}).map(([name, fillers]) => [name, [...new Set(fillers)]]));
  const constraints = slotConstraints(task, distinctLists);
  const variants: CompiledVariant[] = taskVariants(task).map((v) => {
    const parts = templateParts(v.template);
    const control = v.control === undefined ? undefined : templateParts(v.control);
    return {
      template: v.template,
      where: fieldPath(v.at.template),
      controlWhere: fieldPath(v.at.control),
      parts,
      reader: compileTemplateMatcher(v.template, constraints),
      expected: v.expected.map((e) => templateParts(e)),
      distractors: v.distractors.map((d) => templateParts(d)),
      control,
      used: [...new Set([...referencedSlots(parts), ...(control ? referencedSlots(control) : [])])],
    };
  });
  const several = variants.length > 1;

  const heuristic = (prompt: string): HeuristicAnswer | null => {
    let budget = READING_BUDGET_ALL_TEMPLATES;
    for (const variant of variants) {
      if (budget <= 0) return null;
      const reading = variant.reader.read(prompt, Math.min(TEMPLATE_MATCH_STEP_BUDGET, budget));
      budget -= reading.steps;
      if (!reading.groups) continue;
      const answers = answersFor(variant.expected, reading.groups);
      if (answers.length === 0) return null;
      const answer: HeuristicAnswer = { answers };
      const distractors = answersFor(variant.distractors, reading.groups);
      if (distractors.length > 0) answer.distractors = distractors;
      return answer;
    }
    return null;
  };
  const generate = (rng: Rng, n: number): TaskInstance[] =>
    Array.from({ length: n }, () => {
      // one template: no draw, so a task's prompts stay what they were before templates existed
      const index = several ? Math.floor(rng() * variants.length) : 0;
      const variant = variants[index];
      const slots = drawSlots(task, distinctLists, variant.used, rng);
      const expected = fillAnswers(variant.expected[0], slots)?.[0];
      const meta: Record<string, unknown> = { slots, origin };
      if (expected !== undefined) meta.expected = expected;
      // the template is the unit of the bootstrap and the tests (prompts of one template share its wording)
      if (several) meta.template = index;
      return { prompt: fillDrawn(variant.parts, slots, variant.where, origin), meta, source: 'template' as const };
    });
  for (const variant of variants) refuseUnboundedReading(variant, (rng) => drawSlots(task, distinctLists, variant.used, rng), origin);
  const control = variants.some((v) => v.control)
    ? (instance: TaskInstance): string | null => {
        const slots = instance.meta?.slots as Record<string, string> | undefined;
        const index = typeof instance.meta?.template === 'number' ? instance.meta.template : 0;
        const variant = variants[index];
        return slots && variant?.control ? fillDrawn(variant.control, slots, variant.controlWhere, origin) : null;
      }
    : undefined;
  return { generate, heuristic, control };
}

function pairsTask(task: DeclarativeTaskFile): Pick<TaskDefinition, 'generate' | 'heuristic' | 'control'> {
  const pairs = task.pairs!;
  const byPrompt = new Map(pairs.map((pair, i) => [pair.prompt, i]));
  // a pairs task has no rule to generalise: its heuristic knows exactly its own prompts
  const heuristic = (prompt: string): HeuristicAnswer | null => {
    const i = byPrompt.get(prompt);
    if (i === undefined) return null;
    const answer: HeuristicAnswer = { answers: asList(pairs[i].answer) };
    if (pairs[i].distractor !== undefined) answer.distractors = asList(pairs[i].distractor);
    return answer;
  };
  /** n pairs in a seeded order; all of them when n is larger (never repeats) */
  const generate = (rng: Rng, n: number): TaskInstance[] =>
    sample(rng, pairs.map((_, i) => i), Math.min(n, pairs.length)).map((i) => ({
      prompt: pairs[i].prompt,
      meta: { pair: i, expected: asList(pairs[i].answer)[0] },
      source: 'pairs' as const,
    }));
  const control = pairs.some((p) => p.control !== undefined)
    ? (instance: TaskInstance): string | null => {
        const i = instance.meta?.pair;
        return typeof i === 'number' ? (pairs[i]?.control ?? null) : null;
      }
    : undefined;
  return { generate, heuristic, control };
}

/**
 * A TaskDefinition from declarative data (a parsed JSON/YAML file, a `/task submit` payload).
 * Every problem is reported at once, each naming `origin` and the field.
 *
 * @example parseDeclarativeTask({ id: 'x', title: 'X', template: 'Hi {A}', slots: {} }, 'x.yaml')
 * // throws InputError: "x.yaml: 2 problems in the task definition:\n  x.yaml: expected: is missing: …\n  x.yaml: template: slot {A} has no filler list: add slots.A …"
 */
export function parseDeclarativeTask(data: unknown, origin: string): TaskDefinition {
  // the whole definition within a task file's size before any field is looked at: a 700 KB
  // template is refused in a millisecond, not after every check has walked it
  const bytes = definitionBytes(data);
  if (bytes > TASK_FILE_MAX_BYTES) {
    throw new InputError('bad_task', `${origin}: the task definition is ${Math.round(bytes / 1024)} KiB; at most ${TASK_FILE_MAX_BYTES / 1024} KiB`);
  }
  const parsed = declarativeTaskSchema.safeParse(data);
  if (!parsed.success) throw new InputError('bad_task', describeIssues(origin, parsed.error.issues));
  const task = parsed.data;
  const parts = task.pairs ? pairsTask(task) : templateTask(task, origin);
  const definition: TaskDefinition = {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    generate: parts.generate,
    heuristic: parts.heuristic,
    regex: regexOf(task),
    origin,
  };
  if (parts.control) definition.control = parts.control;
  return definition;
}

const MAX_FLOW_DEPTH = 32;

/**
 * The deepest nesting of [ and { in a JSON or YAML text, outside quoted strings. A quote opens
 * a string only where a value starts (after `:`, `[`, `{`, `,`, `-` or at a line's start), so an
 * apostrophe inside a plain word (`John's`) cannot hide the brackets after it.
 */
function flowDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | undefined;
  let valueStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === ' ' || c === '\t') continue;
    const opensString = (c === '"' || c === "'") && valueStart;
    valueStart = c === ':' || c === '[' || c === '{' || c === ',' || c === '-' || c === '\n';
    if (opensString) quote = c;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/**
 * A task file's text as one task definition, not yet validated: JSON for `.json`, YAML for
 * anything else (JSON is YAML too). Shared by `hunt eval`, `hunt enqueue` and the bot's
 * attached task files, so each says the same about a broken file.
 *
 * @example parseTaskFileText('- a\n- b\n', 'x.yaml')
 * // throws InputError: "x.yaml: must hold one task definition (an object with id, title, template…), not a list"
 */
export function parseTaskFileText(text: string, file: string): Record<string, unknown> {
  const isJson = path.extname(file).toLowerCase() === '.json';
  refuseHugeFile(file, Buffer.byteLength(text));
  // The YAML parser slows down sharply (and then overflows its stack) on deep flow nesting:
  // measure the nesting first, in one pass over the text.
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    throw new InputError('bad_task', `${file}: nested more than ${MAX_FLOW_DEPTH} brackets deep; a task definition is a flat object`);
  }
  let data: unknown;
  try {
    data = isJson ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true, logLevel: 'error' });
  } catch (err) {
    throw new InputError('bad_task', `${file}: not valid ${isJson ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  const shapeProblem = definitionShapeProblem(data);
  if (shapeProblem) throw new InputError('bad_task', `${file}: ${shapeProblem}`);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : data === null || data === undefined ? 'empty' : `a ${typeof data}`;
    throw new InputError('bad_task', `${file}: must hold one task definition (an object with id, title, template…), not ${got}`);
  }
  return data as Record<string, unknown>;
}

function readProblem(file: string, err: unknown): InputError {
  if (err instanceof InputError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new InputError(code === 'ENOENT' ? 'not_found' : 'bad_task', `${file}: cannot read the task file (${code ?? (err as Error).message})`);
}

/**
 * Largest task file accepted anywhere (CLI, queue payload, Discord attachment): a task is a
 * template and word lists, and each job carries its definition through Redis.
 */
export const TASK_FILE_MAX_BYTES = 256 * 1024;

function definitionBytes(data: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(data) ?? '');
  } catch {
    return Infinity; // cyclic, or nested past the stack: no task file holds that
  }
}

function refuseHugeFile(file: string, bytes: number): void {
  if (bytes > TASK_FILE_MAX_BYTES) {
    throw new InputError('bad_task', `${file} is ${Math.round(bytes / 1024)} KiB; a task file may be at most ${TASK_FILE_MAX_BYTES / 1024} KiB`);
  }
}

/** A task file's definition, read and parsed but not yet validated (for callers that pass the data on). */
export function readTaskFileSync(file: string): Record<string, unknown> {
  let text: string;
  try {
    refuseHugeFile(file, statSync(file).size);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw readProblem(file, err);
  }
  return parseTaskFileText(text, file);
}

/**
 * A built-in task by id or alias, or else a task file by path. Synchronous, so that job
 * handlers can resolve a task where they build it.
 *
 * @example resolveTask('induction').id // 'induction-random-tokens'
 */
export function resolveTask(idOrPath: string): TaskDefinition {
  const builtin = findBuiltinTask(idOrPath);
  if (builtin) return builtin;
  let isFile = false;
  try {
    isFile = statSync(idOrPath).isFile();
  } catch {
    // not a file: fall through to the message below
  }
  if (isFile) return parseDeclarativeTask(readTaskFileSync(idOrPath), idOrPath);
  const looksLikeFile = /[\\/]|\.(?:json|ya?ml)$/i.test(idOrPath);
  throw new InputError(
    'not_found',
    looksLikeFile
      ? `no task file at ${idOrPath}`
      : `no built-in task "${idOrPath}" (built-in: ${BUILTIN_TASKS.map((t) => t.id).join(', ')}); or give the path of a .json/.yaml task file`,
  );
}
