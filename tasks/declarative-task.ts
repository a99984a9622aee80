import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { InputError } from '../common/errors.ts';
import { pick, sample, seededRng, type Rng } from '../common/random.ts';
import { BUILTIN_TASKS, findBuiltinTask } from './builtin/index.ts';
import { asList, declarativeTaskSchema, type DeclarativeTaskFile } from './declarative-task.schema.ts';
import { compileTemplateMatcher, type TemplateMatcher } from './template-matcher.ts';
import { fillTemplate, templateSlots } from './template-slots.ts';
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
  const clip = (line: string) => (line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line);
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

/** Fill every slot the task uses; slots drawing from the same named list get distinct fillers. */
function drawSlots(task: DeclarativeTaskFile, lists: ReadonlyMap<string, readonly string[]>, names: readonly string[], rng: Rng): Record<string, string> {
  const slots = task.slots ?? {};
  const values: Record<string, string> = {};
  const byList = new Map<string, string[]>();
  for (const name of names) {
    const fill = slots[name];
    if (Array.isArray(fill)) values[name] = pick(rng, fill);
    else byList.set(fill, [...(byList.get(fill) ?? []), name]);
  }
  for (const [list, users] of byList) {
    const drawn = sample(rng, lists.get(list) ?? [], users.length);
    users.forEach((name, i) => (values[name] = drawn[i]));
  }
  return values;
}

/** Slots written next to each other with no text between them, e.g. "{A}{B}". */
function adjacentSlots(template: string): string | undefined {
  return /\{[A-Za-z_][A-Za-z0-9_]*\}(?:\{[A-Za-z_][A-Za-z0-9_]*\})+/.exec(template)?.[0];
}

/**
 * A template whose own prompts cannot be read back within the matcher's step budget would
 * decline on them silently: refuse it now, naming what makes the reading expensive.
 */
function refuseUnboundedReading(template: string, reader: TemplateMatcher, generate: (rng: Rng, n: number) => TaskInstance[], origin: string): void {
  let prompts: TaskInstance[];
  try {
    prompts = generate(seededRng(0), 4);
  } catch {
    return; // a generation problem is reported where generation runs
  }
  if (!prompts.some(({ prompt }) => reader.read(prompt).exhausted)) return;
  const adjacent = adjacentSlots(template);
  const construct = adjacent ? `the adjacent slots ${adjacent} (put fixed text between them)` : 'its repeated slots (use fewer, or put more fixed text between them)';
  throw new InputError('bad_task', `${origin}: template: cannot be read back within its time budget because of ${construct}`);
}

function templateTask(task: DeclarativeTaskFile, origin: string): Pick<TaskDefinition, 'generate' | 'heuristic' | 'control'> {
  const template = task.template!;
  const expected = asList(task.expected);
  const distractors = asList(task.distractor);
  const reader = compileTemplateMatcher(template);
  // each list's distinct fillers, once per task rather than once per prompt
  const distinctLists = new Map(Object.entries(task.lists ?? {}).map(([name, fillers]) => [name, [...new Set(fillers)]]));
  const used = [...new Set([...templateSlots(template), ...(task.control ? templateSlots(task.control) : [])])];

  const heuristic = (prompt: string): HeuristicAnswer | null => {
    const groups = reader.read(prompt).groups;
    if (!groups) return null;
    const answer: HeuristicAnswer = { answers: expected.map((e) => fillTemplate(e, groups)) };
    if (distractors.length > 0) answer.distractors = distractors.map((d) => fillTemplate(d, groups));
    return answer;
  };
  const generate = (rng: Rng, n: number): TaskInstance[] =>
    Array.from({ length: n }, () => {
      const slots = drawSlots(task, distinctLists, used, rng);
      return { prompt: fillTemplate(template, slots), meta: { slots, expected: fillTemplate(expected[0], slots), origin }, source: 'template' as const };
    });
  refuseUnboundedReading(template, reader, generate, origin);
  const controlTemplate = task.control;
  const control = controlTemplate
    ? (instance: TaskInstance): string | null => {
        const slots = instance.meta?.slots as Record<string, string> | undefined;
        return slots ? fillTemplate(controlTemplate, slots) : null;
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

/** Deepest nesting a task definition needs is 4 (pairs[i].answer[j]); anything far deeper is not a task. */
const MAX_TASK_DEPTH = 16;

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

/** Too deep, or a `__proto__` key (which would replace an object's prototype further on): say where. */
function nestingProblem(data: unknown): string | null {
  const stack: { value: unknown; where: string; depth: number }[] = [{ value: data, where: '(top level)', depth: 0 }];
  while (stack.length > 0) {
    const { value, where, depth } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_TASK_DEPTH) return `nested more than ${MAX_TASK_DEPTH} levels deep (at ${where}); a task definition is a flat object`;
    for (const [key, child] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${where}[${key}]` : depth === 0 ? key : `${where}.${key}`;
      if (key === '__proto__') return `${at.slice(0, 80)}: "__proto__" is not allowed as a field name`;
      stack.push({ value: child, where: at.length > 80 ? `${at.slice(0, 79)}…` : at, depth: depth + 1 });
    }
  }
  return null;
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
  const shapeProblem = nestingProblem(data);
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
