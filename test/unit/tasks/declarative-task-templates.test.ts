import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors.ts';
import { seededRng } from '../../../common/random.ts';
import { parseDeclarativeTask } from '../../../tasks/declarative-task.ts';

/** Several templates, a number slot, helper calls in the answers and in a template. */
const CITATIONS = {
  id: 'citations',
  title: 'Next citation number',
  templates: [
    '{c1} [{N}]. {c2} [',
    { template: '{c1} [{N}]. {c2} [{add(N, 1)}]. {c3} [', expected: '{add(N, 2)}', control: '{c1} [{R}]. {c2} [{add(R, 5)}]. {c3} [' },
  ],
  lists: { claims: ['Copper conducts', 'Iron rusts', 'Gold is soft', 'Lead is heavy'] },
  slots: { c1: 'claims', c2: 'claims', c3: 'claims', N: { from: 1, to: 60 }, R: { from: 70, to: 90 } },
  expected: '{add(N, 1)}',
  control: '{c1} [{R}]. {c2} [',
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

describe('a task of several templates', () => {
  const task = parseDeclarativeTask(CITATIONS, 'citations.yaml');
  const instances = task.generate(seededRng(3), 200);

  it('GIVEN a seed THEN each prompt comes from one template, both are drawn, and the template is the prompt\'s cluster', () => {
    expect(task.generate(seededRng(3), 200)).toStrictEqual(instances);
    expect(new Set(instances.map((i) => i.meta!.template))).toStrictEqual(new Set([0, 1]));
    for (const i of instances.filter((i) => i.meta!.template === 1)) expect(i.prompt).toMatch(/^[A-Za-z ]+ \[(\d+)\]\. [A-Za-z ]+ \[(\d+)\]\. [A-Za-z ]+ \[$/);
  });

  it('GIVEN every generated prompt THEN the heuristic reads it back with its own template\'s answer', () => {
    for (const instance of instances) {
      const n = Number((instance.meta!.slots as Record<string, string>).N);
      const cited = instance.meta!.template === 0 ? n : n + 1;
      expect(task.heuristic(instance.prompt)).toStrictEqual({ answers: [String(cited + 1)] });
      expect(instance.meta!.expected).toBe(String(cited + 1));
    }
  });

  it('GIVEN a prompt whose second number is not one more than the first THEN the template with the helper call does not read it', () => {
    expect(task.heuristic('Iron rusts [7]. Gold is soft [8]. Lead is heavy [')).toStrictEqual({ answers: ['9'] });
    expect(task.heuristic('Iron rusts [7]. Gold is soft [9]. Lead is heavy [')).toBeNull();
  });

  it.each([
    ['a number outside the slot\'s range', 'Iron rusts [61]. Gold is soft ['],
    ['a number written with a padding the slot does not use', 'Iron rusts [07]. Gold is soft ['],
    ['a word where the number goes', 'Iron rusts [seven]. Gold is soft ['],
    ['a claim not on its list', 'Tin melts [7]. Gold is soft ['],
  ])('GIVEN %s THEN the reading rejects the prompt', (_, prompt) => {
    expect(task.heuristic(prompt)).toBeNull();
  });

  it('GIVEN each template\'s control THEN the control fills that template\'s control with the prompt\'s slots', () => {
    for (const instance of instances.slice(0, 20)) {
      const slots = instance.meta!.slots as Record<string, string>;
      const control = task.control!(instance, seededRng(0));
      const expected =
        instance.meta!.template === 0 ? `${slots.c1} [${slots.R}]. ${slots.c2} [` : `${slots.c1} [${slots.R}]. ${slots.c2} [${Number(slots.R) + 5}]. ${slots.c3} [`;
      expect(control).toBe(expected);
    }
  });

  it('GIVEN two templates each drawing two names from a list of two THEN the task is accepted: fillers differ within a prompt, not across templates', () => {
    const pairs = parseDeclarativeTask(
      { id: 'two', title: 'Two', templates: ['{A} met {B}, and', { template: '{C} saw {D}, and', expected: ' {C}' }], lists: { names: ['Ann', 'Bob'] }, slots: { A: 'names', B: 'names', C: 'names', D: 'names' }, expected: ' {A}' },
      'two.yaml',
    );
    expect(pairs.generate(seededRng(1), 20).every((i) => new Set(Object.values(i.meta!.slots as Record<string, string>)).size === 2)).toBe(true);
  });
});

describe('number slots', () => {
  const task = parseDeclarativeTask(
    { id: 'years', title: 'Years', template: 'from {C}{YY} to {C}', slots: { C: ['17', '18'], YY: { from: 2, to: 98, pad: 2 } }, expected: '{range(add(YY, 1), 99, 2)}', distractor: '{range(1, YY, 2)}' },
    'years.yaml',
  );

  it('GIVEN a padded range THEN every drawn value is written with its padding, within the range, and read back', () => {
    const values = task.generate(seededRng(1), 300).map((i) => (i.meta!.slots as Record<string, string>).YY);
    expect(values.every((v) => /^\d\d$/.test(v) && Number(v) >= 2 && Number(v) <= 98)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(60);
    expect(values).toContain('05');
  });

  it('GIVEN adjacent slots whose values are on their lists THEN the reading finds the split the lists allow', () => {
    const answer = task.heuristic('from 1795 to 17');
    expect(answer?.answers).toStrictEqual(['96', '97', '98', '99']);
    expect(answer?.distractors).toHaveLength(95);
    expect(task.heuristic('from 1795 to 18')).toBeNull();
    expect(task.heuristic('from 1705 to 17')?.answers[0]).toBe('06');
    expect(task.heuristic('from 175 to 17')).toBeNull();
  });
});

describe('bad templates, helper calls and number slots', () => {
  it.each([
    ['a helper that does not exist', { expected: '{initals(N)}' }, 'bad.yaml: expected: {initals(N)}: no helper "initals"'],
    ['a helper call with the wrong number of arguments', { expected: '{add(N)}' }, 'bad.yaml: expected: {add(N)}: add(…) takes 2 arguments, not 1'],
    ['a helper reading a slot the template lacks', { expected: '{add(M, 1)}' }, 'bad.yaml: expected: uses {M}, which templates[0] does not contain'],
    ['a list helper in a template', { templates: ['{c1} [{N}] [{range(1, N)}'] }, 'bad.yaml: templates[0]: {range(1, N)} gives a list of answers: only expected and distractor may use it'],
    ['a helper in a template reading a slot before it', { templates: ['{c1} [{add(N, 1)}] [{N}] ['] }, 'bad.yaml: templates[0]: {add(N, 1)} reads {N} before the template holds it: put a plain {N} earlier'],
    ['two list helpers in one answer', { distractor: '{range(1, N)}{range(1, N)}' }, 'bad.yaml: distractor: holds 2 list helpers; an answer may hold one'],
    ['a number range upside down', { slots: { ...CITATIONS.slots, N: { from: 9, to: 1 } } }, 'bad.yaml: slots.N'],
    ['a template entry with an unknown field', { templates: [{ template: '{c1} [{N}]. {c2} [', answer: 'x' }] }, 'bad.yaml: templates[0]'],
    ['both template and templates', { template: '{c1} [{N}]. {c2} [' }, 'bad.yaml: templates: give either template or templates, not both'],
    ['no expected answer for a template', { expected: undefined }, 'bad.yaml: expected: is missing'],
  ])('GIVEN %s THEN one line names the file and the field', (_, change, message) => {
    const err = errorOf(() => parseDeclarativeTask({ ...CITATIONS, ...change }, 'bad.yaml'));
    expect(err.code).toBe('bad_task');
    expect(err.message.split('\n')[0]).toContain(message);
    expect(err.message.split('\n')).toHaveLength(1);
  });
});
