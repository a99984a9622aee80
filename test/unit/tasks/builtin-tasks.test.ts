import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { IOI_TEMPLATES } from '../../../tasks/builtin/ioi.ts';
import type { TaskDefinition } from '../../../tasks/task-types.ts';

const builtinDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../tasks/builtin');
const cases = BUILTIN_TASKS.map((task) => [task.id, task] as const);

/** The regex's matches in `text` whose `answer` group ends the text. */
function answerMatchesAtEnd(task: TaskDefinition, text: string): RegExpExecArray[] {
  const re = new RegExp(task.regex!.source, `${task.regex!.flags ?? ''}gd`);
  return [...text.matchAll(re)].filter((m) => m.indices?.groups?.answer?.[1] === text.length);
}

describe('the list of built-in tasks', () => {
  it('GIVEN the tasks/builtin folder THEN every task file is in the explicit list, once, under a unique kebab-case id', () => {
    const files = readdirSync(builtinDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(BUILTIN_TASKS.map((t) => `${t.id}.ts`).sort()).toStrictEqual(files.sort());
    expect(new Set(BUILTIN_TASKS.map((t) => t.id)).size).toBe(BUILTIN_TASKS.length);
    for (const task of BUILTIN_TASKS) expect(task.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('GIVEN the behaviours of the issue THEN each is a known task, and the extra ones are proposed', () => {
    const known = ['induction-random-tokens', 'induction-names', 'acronym', 'ioi', 'ioi-extended', 'email-address',
      'subject-verb-agreement', 'citation-number', 'relative-last-name', 'img-alt-src'];
    expect(BUILTIN_TASKS.filter((t) => t.status === 'known').map((t) => t.id)).toStrictEqual(known);
    expect(BUILTIN_TASKS.filter((t) => t.status === 'proposed').map((t) => t.id)).toStrictEqual(['greater-than', 'successor', 'closing-tag']);
  });

  it('GIVEN an alias THEN it finds its task; an unknown id finds nothing', () => {
    expect(findBuiltinTask('induction')?.id).toBe('induction-random-tokens');
    expect(findBuiltinTask('ioi')?.id).toBe('ioi');
    expect(findBuiltinTask('no-such-task')).toBeUndefined();
  });

  it('GIVEN the IOI task THEN it uses 15 templates and both name orders, all prompts ending at "to"', () => {
    expect(IOI_TEMPLATES).toHaveLength(15);
    const instances = findBuiltinTask('ioi')!.generate(seededRng(3), 200);
    const orders = new Set(instances.map((i) => i.meta!.order));
    expect(orders).toStrictEqual(new Set(['ABBA', 'BABA']));
    expect(new Set(instances.map((i) => i.meta!.template)).size).toBe(15);
    for (const i of instances) expect(i.prompt).toMatch(/ to$/);
  });
});

describe.each(cases)('the built-in task %s', (_, task) => {
  const instances = task.generate(seededRng(11), 200);

  it('GIVEN the same seed THEN it generates the same instances; another seed gives others', () => {
    expect(task.generate(seededRng(11), 200)).toStrictEqual(instances);
    expect(task.generate(seededRng(12), 200).map((i) => i.prompt)).not.toStrictEqual(instances.map((i) => i.prompt));
  });

  it('GIVEN 200 instances THEN at least 100 prompts differ', () => {
    expect(instances).toHaveLength(200);
    expect(new Set(instances.map((i) => i.prompt)).size).toBeGreaterThanOrEqual(100);
  });

  it('GIVEN its own prompts THEN the heuristic answers each, and its answers include what the generator built in', () => {
    for (const instance of instances) {
      const answer = task.heuristic(instance.prompt);
      expect(answer, instance.prompt).not.toBeNull();
      expect(answer!.answers, instance.prompt).toContain(instance.meta!.expected);
    }
  });

  it('GIVEN a control THEN it changes the prompt and the heuristic no longer gives the same answer there', () => {
    expect(task.control).toBeDefined();
    const rng = seededRng(5);
    for (const instance of instances) {
      const control = task.control!(instance, rng);
      expect(control, instance.prompt).not.toBeNull();
      expect(control).not.toBe(instance.prompt);
      expect(task.heuristic(control!)?.answers, control!).not.toStrictEqual(task.heuristic(instance.prompt)!.answers);
    }
  });

  it('GIVEN its regex THEN it compiles with a named group "answer" and finds each prompt + answer, consistently with the heuristic', () => {
    expect(task.regex).toBeDefined();
    expect(() => new RegExp(task.regex!.source, task.regex!.flags)).not.toThrow();
    expect(task.regex!.source).toContain('(?<answer>');
    for (const instance of instances.slice(0, 50)) {
      const text = instance.prompt + (instance.meta!.expected as string);
      const found = answerMatchesAtEnd(task, text);
      expect(found.length, text).toBeGreaterThan(0);
      const start = found[0].indices!.groups!.answer[0];
      expect(task.heuristic(text.slice(0, start))?.answers, text).toContain(found[0].groups!.answer);
    }
  });
});
