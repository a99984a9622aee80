import { describe, expect, it } from 'vitest';
import { definitionFromFile, definitionFromForm, taskIdFromName } from '../../../bot/task-submission.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';
import { findNearDuplicates, knownFromCatalog, normalizeTemplate } from '../../../tasks/near-duplicates.ts';
import { BUILTIN_TASKS } from '../../../tasks/builtin/index.ts';
import { FIRST_NAMES } from '../../../tasks/vocab/first-names.ts';
import { PLACES } from '../../../tasks/vocab/places.ts';
import { InputError } from '../../../common/errors.ts';
import type { TaskDefinition } from '../../../tasks/task-types.ts';

const BUILTIN = BUILTIN_TASKS.map((task) => ({ label: `built-in ${task.id}`, task }));
const IOI_FORM = { name: 'IOI with gifts', template: 'When {A} and {B} went to the {place}, {B} gave a {object} to', expected: '{A}', distractor: '{B}' };

describe('GIVEN the /task submit form', () => {
  it('WHEN the template uses slots with built-in lists THEN the definition names them and carries the lists', () => {
    const d = definitionFromForm({ ...IOI_FORM, template: `${IOI_FORM.template}\nobject: ring, book` });
    expect(d).toMatchObject({
      id: 'ioi-with-gifts',
      title: 'IOI with gifts',
      description: '',
      status: 'submitted',
      template: IOI_FORM.template,
      slots: { A: 'names', B: 'names', place: 'places', object: ['ring', 'book'] },
      expected: ' {A}',
      distractor: ' {B}',
    });
    expect(d.lists).toStrictEqual({ names: [...FIRST_NAMES], places: [...PLACES] });
    const task = parseDeclarativeTask(d, 'form');
    expect(task.heuristic('When Anna and Tom went to the park, Tom gave a ring to')).toStrictEqual({ answers: [' Anna'], distractors: [' Tom'] });
  });

  it('WHEN the text has no slots THEN it is a one-prompt pairs task', () => {
    expect(definitionFromForm({ name: 'Capital', template: 'The capital of France is', expected: 'Paris | "Par"' })).toStrictEqual({
      id: 'capital',
      title: 'Capital',
      description: '',
      status: 'submitted',
      pairs: [{ prompt: 'The capital of France is', answer: [' Paris', 'Par'] }],
    });
  });

  it('WHEN a slot has neither fillers nor a built-in list THEN it fails naming the slot and how to fix it', () => {
    expect(() => definitionFromForm({ ...IOI_FORM, template: 'The {colour} car' })).toThrow(
      new InputError('bad_task', 'no fillers for {colour}: add a line under the template like "colour: first, second, third", or use a slot name with a built-in list ({A}/{B} or {name} for names, {place}, {object}, {company}, {surname}, {word})'),
    );
  });

  it('WHEN the expected answer uses a slot the template lacks THEN the declarative schema refuses it with the field named', () => {
    const d = definitionFromForm({ ...IOI_FORM, expected: '{C}' });
    expect(() => parseDeclarativeTask(d, 'your task')).toThrow(/your task: expected: uses \{C\}, which the template does not contain/);
  });

  it.each([
    ['IOI with gifts!', 'ioi-with-gifts'],
    ['  Ünïcode Names  ', 'unicode-names'],
    ['!!!', 'task'],
  ])('WHEN the name is %j THEN the id is %j', (name, id) => {
    expect(taskIdFromName(name)).toBe(id);
  });
});

describe('GIVEN an attached task file', () => {
  it('WHEN it is YAML THEN it is read, and its status is forced to submitted', () => {
    const yaml = 'id: mini\ntitle: Mini\nstatus: known\ntemplate: "Hi {A}"\nslots: { A: [x, y] }\nexpected: " {A}"\n';
    expect(definitionFromFile('mini.yaml', yaml)).toStrictEqual({ id: 'mini', title: 'Mini', status: 'submitted', template: 'Hi {A}', slots: { A: ['x', 'y'] }, expected: ' {A}' });
  });

  it.each([
    ['t.json', '{ nope', /^t\.json: not valid JSON: /],
    ['t.yaml', '- a\n- b\n', /^t\.yaml: must hold one task definition \(an object with id, title, template…\), not a list$/],
  ])('WHEN %s holds %j THEN it is refused as a bad task', (name, text, message) => {
    expect(() => definitionFromFile(name, text)).toThrow(message);
  });
});

describe('GIVEN a submission to compare with known tasks', () => {
  it('THEN templates equal up to slot names and first names normalise alike', () => {
    expect(normalizeTemplate('When {X} and {Y} went out, {Y} said to')).toBe(normalizeTemplate('When {A} and {B} went out, {B} said to'));
    expect(normalizeTemplate('When John and Mary went out, Mary said to')).toBe('when {name} and {name} went out, {name} said to');
  });

  it('WHEN it is an IOI template THEN the built-in ioi task is named, by its heuristic', () => {
    const definition = definitionFromForm(IOI_FORM);
    const duplicates = findNearDuplicates({ task: parseDeclarativeTask(definition, 'x'), definition }, BUILTIN);
    expect(duplicates.map((d) => d.label)).toContain('built-in ioi');
    expect(duplicates.find((d) => d.label === 'built-in ioi')!.reason).toMatch(/^its heuristic gives the same expected answer on \d+ of 24 sample prompts$/);
  });

  it('WHEN a catalogued task has the same template with other slot names THEN it is named as the same template', () => {
    const catalogued = definitionFromForm({ ...IOI_FORM, name: 'Gift giving', template: 'When {X} and {Y} went to the {place}, {Y} gave a {object} to', expected: '{X}', distractor: '{Y}' });
    const definition = definitionFromForm(IOI_FORM);
    const known = knownFromCatalog([{ task_id: 7, definition: catalogued }]);
    expect(findNearDuplicates({ task: parseDeclarativeTask(definition, 'x'), definition }, known)).toStrictEqual([{ label: '#7 Gift giving', reason: 'the same template, up to names' }]);
  });

  it('WHEN both heuristics decline with an empty answer list THEN declining alike is not counted as the same answer', () => {
    const declining = (id: string): TaskDefinition => ({
      id,
      title: id,
      description: '',
      status: 'submitted',
      generate: (_rng, n) => Array.from({ length: n }, (_, i) => ({ prompt: `${id} prompt ${i}` })),
      heuristic: () => ({ answers: [] }),
    });
    const definition = { id: 'mine', template: 'The {thing} is' };
    expect(findNearDuplicates({ task: declining('mine'), definition }, [{ label: '#1 theirs', task: declining('theirs') }])).toStrictEqual([]);
  });

  it('WHEN it is something new THEN nothing is named', () => {
    const definition = definitionFromForm({ name: 'Colours', template: 'The {thing} is', expected: '"red"' });
    expect(findNearDuplicates({ task: parseDeclarativeTask(definition, 'x'), definition }, BUILTIN)).toStrictEqual([]);
  });
});
