import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { InputError } from '../../../common/errors.ts';
import { seededRng } from '../../../common/random.ts';
import { declarativeTaskSchema, parseDeclarativeTask, parseTaskFileText, readTaskFileSync, resolveTask } from '../../../tasks/declarative-task.ts';
import { compileTemplateMatcher } from '../../../tasks/template-matcher.ts';
import { fillTemplate, templateSlots } from '../../../tasks/template-slots.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IOI_MINI = {
  id: 'ioi-mini',
  title: 'IOI, one template',
  template: 'When {A} and {B} went to the {place}, {B} gave a {object} to',
  lists: { names: ['John', 'Mary', 'Tom', 'Anna', 'Kate'] },
  slots: { A: 'names', B: 'names', C: 'names', place: ['store', 'park'], object: ['ring', 'book'] },
  expected: ' {A}',
  distractor: ' {B}',
  control: 'When {A} and {B} went to the {place}, {C} gave a {object} to',
  regex: String.raw`(?<=\b[A-Z][a-z]+ and [A-Z][a-z]+\b[^\n]{0,200}) to(?<answer> [A-Z][a-z]+)\b`,
};

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('template slots', () => {
  it('GIVEN a template THEN its slots are listed once each, filled, and read back (a repeated slot must repeat its text)', () => {
    const template = 'When {A} and {B} met, {B} waved to';
    expect(templateSlots(template)).toStrictEqual(['A', 'B']);
    expect(fillTemplate(template, { A: 'Ann', B: 'Bob' })).toBe('When Ann and Bob met, Bob waved to');
    expect({ ...compileTemplateMatcher(template).groups('When Liz and Max met, Max waved to') }).toStrictEqual({ A: 'Liz', B: 'Max' });
    expect(compileTemplateMatcher(template).groups('When Liz and Max met, Liz waved to')).toBeNull();
    expect({ ...compileTemplateMatcher('Price (in $): {x}.').groups('Price (in $): 12.') }).toStrictEqual({ x: '12' });
  });

  it('GIVEN a slot with no value THEN filling fails rather than leaving "{slot}" in a prompt', () => {
    expect(() => fillTemplate('Hi {A}', {})).toThrow('{A}');
  });
});

describe('a template task written as data', () => {
  const task = parseDeclarativeTask(IOI_MINI, 'ioi-mini.yaml');

  it('GIVEN a prompt it has never seen THEN the heuristic reads it through the template', () => {
    expect(task.heuristic('When Kate and Tom went to the park, Tom gave a book to')).toStrictEqual({ answers: [' Kate'], distractors: [' Tom'] });
    expect(task.heuristic('When Kate and Tom went to the park, Kate gave a book to')).toBeNull();
    expect(task.heuristic('Something else entirely')).toBeNull();
  });

  it.each([
    ['a name not on its list', 'When Liz and Tom went to the park, Tom gave a book to'],
    ['a place not on its list', 'When Kate and Tom went to the zoo, Tom gave a book to'],
    ['a filler with more text around it', 'When Kate and Tom went to the big park, Tom gave a book to'],
  ])('GIVEN a prompt of the template\'s shape with %s THEN the reading rejects it and the heuristic declines', (_, prompt) => {
    expect(task.heuristic(prompt)).toBeNull();
  });

  it('GIVEN a seed THEN generation is reproducible, slots sharing a list differ, and every prompt is answered as generated', () => {
    const instances = task.generate(seededRng(4), 100);
    expect(task.generate(seededRng(4), 100)).toStrictEqual(instances);
    for (const instance of instances) {
      const slots = instance.meta!.slots as Record<string, string>;
      expect(new Set([slots.A, slots.B, slots.C]).size).toBe(3);
      expect(task.heuristic(instance.prompt)?.answers).toStrictEqual([instance.meta!.expected]);
    }
  });

  it('GIVEN a control template THEN the control fills it with the instance\'s slots, extra ones included', () => {
    const [instance] = task.generate(seededRng(4), 1);
    const slots = instance.meta!.slots as Record<string, string>;
    expect(task.control!(instance, seededRng(0))).toBe(`When ${slots.A} and ${slots.B} went to the ${slots.place}, ${slots.C} gave a ${slots.object} to`);
  });

  it('GIVEN the file\'s fields THEN the definition carries id, title, defaults, regex and origin', () => {
    expect({ id: task.id, title: task.title, description: task.description, status: task.status, regex: task.regex, origin: task.origin }).toStrictEqual({
      id: 'ioi-mini',
      title: 'IOI, one template',
      description: '',
      status: 'submitted',
      regex: { source: IOI_MINI.regex },
      origin: 'ioi-mini.yaml',
    });
  });
});

describe('a task of plain prompt/answer pairs', () => {
  const task = parseDeclarativeTask(
    {
      id: 'capitals',
      title: 'Capital cities',
      pairs: [
        { prompt: 'The capital of France is', answer: ' Paris', distractor: ' Lyon', control: 'The capital of Spain is' },
        { prompt: 'The capital of Italy is', answer: [' Rome', ' Roma'] },
        { prompt: 'The capital of Japan is', answer: ' Tokyo' },
      ],
    },
    'capitals.json',
  );

  it('GIVEN its own prompts THEN the heuristic looks them up; any other prompt is declined', () => {
    expect(task.heuristic('The capital of France is')).toStrictEqual({ answers: [' Paris'], distractors: [' Lyon'] });
    expect(task.heuristic('The capital of Italy is')).toStrictEqual({ answers: [' Rome', ' Roma'] });
    expect(task.heuristic('The capital of Peru is')).toBeNull();
  });

  it('GIVEN n larger than the pairs THEN each pair comes once, in a seeded order, with its control', () => {
    const instances = task.generate(seededRng(1), 10);
    expect(instances.map((i) => i.prompt).sort()).toStrictEqual(['The capital of France is', 'The capital of Italy is', 'The capital of Japan is']);
    expect(task.generate(seededRng(1), 10)).toStrictEqual(instances);
    const france = instances.find((i) => i.prompt.includes('France'))!;
    expect(task.control!(france, seededRng(0))).toBe('The capital of Spain is');
    expect(task.control!(instances.find((i) => i.prompt.includes('Japan'))!, seededRng(0))).toBeNull();
  });
});

describe('bad task definitions', () => {
  const { regex: _regex, ...withoutRegex } = IOI_MINI;
  it.each([
    ['a missing field', { ...IOI_MINI, title: undefined }, 'bad.yaml: title: is missing'],
    ['a template slot with no filler list', { ...IOI_MINI, template: 'When {A} met {D} at the {place}, {A} gave a {object} to' }, 'bad.yaml: template: slot {D} has no filler list: add slots.D'],
    ['a control slot with no filler list', { ...IOI_MINI, control: 'When {A} and {Z} went' }, 'bad.yaml: control: slot {Z} has no filler list'],
    ['a regex that does not compile', { ...IOI_MINI, regex: '(?<answer> [A-Z' }, 'bad.yaml: regex: does not compile: Invalid regular expression'],
    ['a regex without the answer group', { ...IOI_MINI, regex: ' to [A-Z][a-z]+' }, 'bad.yaml: regex: has no named group (?<answer>…)'],
    ['an unknown regex flag', { ...withoutRegex, regex: { source: '(?<answer>x)', flags: 'q' } }, 'bad.yaml: regex.flags: unknown regex flag'],
    ['a slot naming an undefined list', { ...IOI_MINI, slots: { ...IOI_MINI.slots, place: 'venues' } }, 'bad.yaml: slots.place: names the list "venues", but lists.venues is not defined'],
    ['an expected answer using a slot the template lacks', { ...IOI_MINI, expected: ' {C}' }, 'bad.yaml: expected: uses {C}, which the template does not contain'],
    ['too few distinct fillers for the slots sharing a list', { ...IOI_MINI, lists: { names: ['John', 'Mary'] } }, 'bad.yaml: lists.names: has 2 distinct fillers but slots A, B, C each need a different one'],
    ['neither template nor pairs', { id: 'x', title: 'X' }, 'bad.yaml: template: is missing: give template (with slots and expected) or pairs'],
    ['both template and pairs', { ...IOI_MINI, pairs: [{ prompt: 'a', answer: 'b' }] }, 'bad.yaml: pairs: give either template or pairs, not both'],
    ['a pair with no answer', { id: 'x', title: 'X', pairs: [{ prompt: 'a' }] }, 'bad.yaml: pairs[0].answer: is missing'],
    ['a repeated pair prompt', { id: 'x', title: 'X', pairs: [{ prompt: 'a', answer: 'b' }, { prompt: 'a', answer: 'c' }] }, 'bad.yaml: pairs[1].prompt: repeats the prompt of pairs[0]'],
    ['an id that is not kebab-case', { ...IOI_MINI, id: 'My Task' }, 'bad.yaml: id: must be kebab-case'],
    ['a misspelt field', { ...IOI_MINI, templat: 'x' }, 'bad.yaml: unknown field "templat"'],
    ['not an object at all', 'just text', 'bad.yaml: (top level): Invalid input: expected object'],
  ])('GIVEN %s THEN the error names the file and the field', (_, data, message) => {
    const err = errorOf(() => parseDeclarativeTask(data, 'bad.yaml'));
    expect(err.code).toBe('bad_task');
    expect(err.message).toContain(message);
  });

  it('GIVEN several problems THEN all are reported at once', () => {
    const err = errorOf(() => parseDeclarativeTask({ id: 'x', title: 'X', template: 'Hi {A}', slots: {} }, 'two.yaml'));
    expect(err.message).toContain('two.yaml: 2 problems in the task definition');
    expect(err.message).toContain('two.yaml: expected: is missing');
    expect(err.message).toContain('two.yaml: template: slot {A} has no filler list');
  });

  it('GIVEN the exported schema THEN it accepts a good definition and rejects a bad one with the same checks', () => {
    expect(declarativeTaskSchema.safeParse(IOI_MINI).success).toBe(true);
    const bad = declarativeTaskSchema.safeParse({ ...IOI_MINI, regex: '(' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path)).toStrictEqual([['regex']]);
  });
});

describe('task files and task lookup', () => {
  it('GIVEN a YAML file and the same task as JSON THEN both load to the same behaviour', async () => {
    writeFileSync(path.join(dir, 'ioi-mini.yaml'), YAML.stringify(IOI_MINI));
    writeFileSync(path.join(dir, 'ioi-mini.json'), JSON.stringify(IOI_MINI));
    const fromYaml = resolveTask(path.join(dir, 'ioi-mini.yaml'));
    const fromJson = resolveTask(path.join(dir, 'ioi-mini.json'));
    expect(fromYaml.origin).toBe(path.join(dir, 'ioi-mini.yaml'));
    expect(fromYaml.generate(seededRng(2), 20)).toStrictEqual(fromJson.generate(seededRng(2), 20).map((i) => ({ ...i, meta: { ...i.meta, origin: fromYaml.origin } })));
  });

  it.each([
    ['broken YAML', 'bad.yaml', 'id: x\ntitle: [unclosed', 'bad.yaml: not valid YAML'],
    ['broken JSON', 'bad.json', '{"id": "x",', 'bad.json: not valid JSON'],
    ['a valid file with a bad field', 'field.yaml', 'id: x\ntitle: X\ntemplate: "Hi {A}"\nexpected: " {A}"\n', 'field.yaml: template: slot {A} has no filler list'],
    ['a list instead of a task', 'list.yaml', '- id: x\n- id: y\n', 'list.yaml: must hold one task definition (an object with id, title, template…), not a list'],
    ['an empty file', 'empty.json', '', 'empty.json: not valid JSON'],
  ])('GIVEN %s THEN loading it fails naming the file', async (_, name, text, message) => {
    writeFileSync(path.join(dir, name), text);
    expect(() => resolveTask(path.join(dir, name))).toThrow(message);
  });

  it('GIVEN a folder where a task file should be THEN reading it fails with the path and the reason, not a system error', () => {
    const folder = path.join(dir, 'folder.yaml');
    mkdirSync(folder, { recursive: true });
    const err = errorOf(() => readTaskFileSync(folder));
    expect([err.code, err.message]).toStrictEqual(['bad_task', `${folder}: cannot read the task file (EISDIR)`]);
  });

  it('GIVEN a task file THEN its definition is read as data, unvalidated, for callers that pass it on', () => {
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ id: 'x', extra: [1] }));
    expect(readTaskFileSync(path.join(dir, 'data.json'))).toStrictEqual({ id: 'x', extra: [1] });
    expect(parseTaskFileText('id: y\n', 'inline.yaml')).toStrictEqual({ id: 'y' });
  });

  it('GIVEN a missing file THEN loading says so with the path', async () => {
    expect(errorOf(() => resolveTask(path.join(dir, 'missing.yaml')))).toMatchObject({ code: 'not_found', message: expect.stringContaining('missing.yaml') });
  });

  it('GIVEN ids, aliases and paths THEN resolveTask finds built-ins first, then files, and explains what it cannot find', () => {
    writeFileSync(path.join(dir, 'resolve.yaml'), YAML.stringify({ ...IOI_MINI, id: 'from-file' }));
    expect(resolveTask('ioi').id).toBe('ioi');
    expect(resolveTask('induction').id).toBe('induction-random-tokens');
    expect(resolveTask(path.join(dir, 'resolve.yaml')).id).toBe('from-file');
    expect(resolveTask('acronym').id).toBe('acronym');
    const unknown = errorOf(() => resolveTask('no-such-task'));
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toContain('no built-in task "no-such-task" (built-in: induction-random-tokens, induction-names');
    expect(errorOf(() => resolveTask('tasks/nowhere.yaml')).message).toBe('no task file at tasks/nowhere.yaml');
  });
});
