import { InputError, OutageError } from '../common/errors.ts';
import { parseTaskFileText, TASK_FILE_MAX_BYTES } from '../tasks/declarative-task.ts';
import { TASK_ID_PATTERN } from '../tasks/declarative-task.schema.ts';
import { templateSlots } from '../tasks/template-slots.ts';
import { COMMON_WORDS } from '../tasks/vocab/common-words.ts';
import { COMPANIES } from '../tasks/vocab/companies.ts';
import { FIRST_NAMES } from '../tasks/vocab/first-names.ts';
import { LAST_NAMES } from '../tasks/vocab/last-names.ts';
import { OBJECTS } from '../tasks/vocab/objects.ts';
import { PLACES } from '../tasks/vocab/places.ts';
import { parseAnswerList } from './answer-list.ts';

/** Largest task file the bot downloads from Discord: the same as anywhere else. */
export { TASK_FILE_MAX_BYTES } from '../tasks/declarative-task.ts';
/** Longest wait for a task file from Discord's CDN. */
export const TASK_FILE_TIMEOUT_MS = 10_000;

/** The longest each form field may be (the modal's own limits, commands/task-submit-modal.ts). */
export const FORM_MAX_CHARS: Readonly<Record<keyof SubmissionForm, number>> = { name: 100, template: 2_000, expected: 200, distractor: 200, description: 1_000 };

/** What the /task submit form asks for. */
export interface SubmissionForm {
  name: string;
  /** a prompt, or a template with {slots}; optionally followed by lines `slot: filler, filler, …` */
  template: string;
  /** answers separated by |, each a new word after the prompt unless quoted (see answer-list.ts) */
  expected: string;
  distractor?: string;
  description?: string;
}

/**
 * Word lists a slot draws from when the form gives it no fillers, chosen by the slot's
 * name. Slots on one list get distinct fillers (two people are two names).
 */
export const DEFAULT_SLOT_LISTS: readonly { list: string; names: RegExp; fillers: readonly string[] }[] = [
  { list: 'names', names: /^(?:[A-Z]|[A-Z]\d|IO|name\d*|person\d*)$/i, fillers: FIRST_NAMES },
  { list: 'surnames', names: /^(?:surname|last_?name)\d*$/i, fillers: LAST_NAMES },
  { list: 'places', names: /^place\d*$/i, fillers: PLACES },
  { list: 'objects', names: /^(?:object|thing)\d*$/i, fillers: OBJECTS },
  { list: 'companies', names: /^company\d*$/i, fillers: COMPANIES },
  { list: 'words', names: /^word\d*$/i, fillers: COMMON_WORDS },
];

/** A filler line under the template: `place: store, park, school`. */
const FILLER_LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+?)\s*$/;

/**
 * A kebab-case task id from a name.
 *
 * @example taskIdFromName('IOI with gifts!') // 'ioi-with-gifts'
 */
export function taskIdFromName(name: string): string {
  const id = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // the accents NFKD split off: "Ü" → "U"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return TASK_ID_PATTERN.test(id) ? id : 'task';
}

/** Split the form's template field into the template and the filler lines that follow it. */
function splitTemplate(text: string): { template: string; fillers: ReadonlyMap<string, string[]> } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const fillers = new Map<string, string[]>();
  const slots = new Set(templateSlots(text));
  while (lines.length > 1) {
    const match = FILLER_LINE.exec(lines[lines.length - 1]);
    if (!match || !slots.has(match[1])) break;
    fillers.set(match[1], match[2].split(',').map((f) => f.trim()).filter(Boolean));
    lines.pop();
  }
  while (lines.length > 1 && lines[lines.length - 1].trim() === '') lines.pop();
  return { template: lines.join('\n'), fillers };
}

function oneOrList(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/**
 * The declarative task (tasks/declarative-task.schema.ts) a /task submit form describes:
 * a template task when the text has {slots}, else a one-prompt pairs task. Slots without
 * filler lines draw from DEFAULT_SLOT_LISTS; a slot with neither is an error naming them.
 */
export function definitionFromForm(form: SubmissionForm): Record<string, unknown> {
  // Discord enforces the modal's lengths; a forged payload is refused before any work
  for (const [field, max] of Object.entries(FORM_MAX_CHARS) as [keyof SubmissionForm, number][]) {
    const value = form[field];
    if (value !== undefined && value.length > max) throw new InputError('bad_payload', `the form's ${field} is ${value.length} characters; at most ${max}`);
  }
  const { template, fillers } = splitTemplate(form.template);
  const lastLine = template.split('\n').at(-1) ?? template;
  const expected = parseAnswerList(form.expected, lastLine);
  const distractor = form.distractor?.trim() ? parseAnswerList(form.distractor, lastLine) : undefined;
  const base: Record<string, unknown> = { id: taskIdFromName(form.name), title: form.name.trim(), description: form.description?.trim() ?? '', status: 'submitted' };
  const slots = templateSlots(template);
  if (slots.length === 0) {
    const pair: Record<string, unknown> = { prompt: template, answer: oneOrList(expected) };
    if (distractor) pair.distractor = oneOrList(distractor);
    return { ...base, pairs: [pair] };
  }
  const slotFill: Record<string, string | string[]> = {};
  const lists: Record<string, string[]> = {};
  const unknown: string[] = [];
  for (const slot of slots) {
    const given = fillers.get(slot);
    if (given?.length) {
      slotFill[slot] = given;
      continue;
    }
    const preset = DEFAULT_SLOT_LISTS.find((d) => d.names.test(slot));
    if (!preset) {
      unknown.push(slot);
      continue;
    }
    slotFill[slot] = preset.list;
    lists[preset.list] = [...preset.fillers];
  }
  if (unknown.length) {
    throw new InputError(
      'bad_task',
      `no fillers for ${unknown.map((s) => `{${s}}`).join(', ')}: add a line under the template like "${unknown[0]}: first, second, third", ` +
        'or use a slot name with a built-in list ({A}/{B} or {name} for names, {place}, {object}, {company}, {surname}, {word})',
    );
  }
  const definition: Record<string, unknown> = { ...base, template, slots: slotFill, expected: oneOrList(expected) };
  if (Object.keys(lists).length) definition.lists = lists;
  if (distractor) definition.distractor = oneOrList(distractor);
  return definition;
}

/**
 * A task file's text (JSON or YAML, by the file's extension; JSON is YAML too) as data.
 * Its status is always `submitted`: a Discord submission cannot claim to be a known behaviour.
 */
export function definitionFromFile(fileName: string, text: string): Record<string, unknown> {
  return { ...parseTaskFileText(text, fileName), status: 'submitted' };
}

/** Download a task file the user attached (Discord's CDN), refusing big or non-text files. */
export async function fetchTaskFile(url: string, fileName: string, size: number): Promise<string> {
  if (!/\.(json|ya?ml)$/i.test(fileName)) throw new InputError('bad_task', `${fileName}: attach a .json, .yaml or .yml task file`);
  if (size > TASK_FILE_MAX_BYTES) throw new InputError('bad_task', `${fileName} is ${Math.round(size / 1024)} KiB; a task file may be at most ${TASK_FILE_MAX_BYTES / 1024} KiB`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TASK_FILE_TIMEOUT_MS) });
  } catch (err) {
    throw new OutageError(`could not download ${fileName} from Discord (${(err as Error).message})`);
  }
  if (!response.ok) throw new OutageError(`could not download ${fileName} from Discord (HTTP ${response.status})`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > TASK_FILE_MAX_BYTES) throw new InputError('bad_task', `${fileName} is over ${TASK_FILE_MAX_BYTES / 1024} KiB`);
  return body.toString('utf8');
}
