import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors.ts';
import { seededRng } from '../../../common/random.ts';
import { parseDeclarativeTask, parseTaskFileText, readTaskFileSync, resolveTask, TASK_FILE_MAX_BYTES } from '../../../tasks/declarative-task.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-task-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inputErrorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

const base = { id: 'x', title: 'X', expected: ' {A}' };

describe('task files that name object-prototype properties', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])('GIVEN a slot named %s THEN it is refused as a reserved name, not read off the prototype', (name) => {
    const err = inputErrorOf(() => parseDeclarativeTask({ ...base, template: `Hi {${name}} to`, slots: {}, expected: ` {${name}}` }, 'x.yaml'));
    expect(err.message).toContain(`slot {${name}} is a reserved name`);
  });

  it('GIVEN a slot that names the list "toString" THEN it is refused as a reserved name', () => {
    const err = inputErrorOf(() => parseDeclarativeTask({ ...base, template: 'Hi {A} to', slots: { A: 'toString' } }, 'x.yaml'));
    expect(err.message).toContain('slots.A: list name is reserved');
  });

  it.each([
    ['x.json', '{"id":"x","title":"x","template":"Hi {A} to","slots":{"__proto__":["a"],"A":["b"]},"expected":" {A}"}'],
    ['x.yaml', 'id: x\ntitle: x\ntemplate: "Hi {A} to"\nslots:\n  __proto__: [a]\n  A: [b]\nexpected: " {A}"\n'],
  ])('GIVEN a __proto__ key in %s THEN the file is refused, naming the field', (file, text) => {
    expect(inputErrorOf(() => parseTaskFileText(text, file)).message).toBe(`${file}: slots.__proto__: "__proto__" is not allowed as a field name`);
  });

  it('GIVEN a definition nested thousands of levels deep THEN it is refused in one short line', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const err = inputErrorOf(() => parseTaskFileText(`{"id": ${text}}`, 'deep.json'));
    expect(err.message).toBe('deep.json: nested more than 32 brackets deep; a task definition is a flat object');
    expect(err.message.length).toBeLessThanOrEqual(300);
  });
});

describe('task files that are too big', () => {
  it('GIVEN an 800 KB template THEN the error names the limit, not the template', () => {
    const err = inputErrorOf(() => parseDeclarativeTask({ ...base, template: `${'x'.repeat(800_000)} {A} to`, slots: { A: ['a'] } }, 'big.yaml'));
    expect(err.message).toBe('big.yaml: the task definition is 781 KiB; at most 256 KiB');
  });

  it('GIVEN a 5,000-character template THEN the field limit is named', () => {
    const err = inputErrorOf(() => parseDeclarativeTask({ ...base, template: `${'x'.repeat(5_000)} {A} to`, slots: { A: ['a'] } }, 'long.yaml'));
    expect(err.message).toBe('long.yaml: template: must be at most 4000 characters');
  });

  it('GIVEN a __proto__ key nested in a definition that did not come through a file THEN it is refused too', () => {
    const data = JSON.parse('{"id":"x","title":"x","template":"Hi {A} to","slots":{"A":["b"]},"expected":" {A}","lists":{"__proto__":["a"]}}');
    expect(inputErrorOf(() => parseTaskFileText(JSON.stringify(data), 'x.json')).message).toBe('x.json: lists.__proto__: "__proto__" is not allowed as a field name');
  });

  it('GIVEN a regex that does not compile and is huge THEN the message stays short', () => {
    const err = inputErrorOf(() => parseDeclarativeTask({ ...base, template: 'Hi {A} to', slots: { A: ['a'] }, regex: `(${'a'.repeat(1500)}` }, 'r.yaml'));
    expect(err.message).toBe('r.yaml: regex: does not compile: Invalid regular expression: Unterminated group');
  });

  it('GIVEN a task file over the size limit THEN the CLI refuses it before reading it', async () => {
    const file = path.join(dir, 'huge.json');
    writeFileSync(file, JSON.stringify({ ...base, template: 'Hi {A} to', slots: { A: Array.from({ length: 60_000 }, (_, i) => `filler${i}`) } }));
    const expected = new RegExp(`huge\\.json is \\d+ KiB; a task file may be at most ${TASK_FILE_MAX_BYTES / 1024} KiB`);
    expect(inputErrorOf(() => readTaskFileSync(file)).message).toMatch(expected);
    expect(() => resolveTask(file)).toThrow(expected);
  });

  it('GIVEN 20,000 fillers and n = 1000 THEN drawing slots does not copy the list for every prompt', () => {
    const fillers = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    const task = parseDeclarativeTask({ ...base, template: '{A} and {B} to', lists: { words: fillers }, slots: { A: 'words', B: 'words' } }, 'many.yaml');
    const started = performance.now();
    const instances = task.generate(seededRng(3), 1000);
    // copying 100k fillers per prompt took minutes; drawing in place takes milliseconds. A loose bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(instances).toHaveLength(1000);
    expect(instances.every((i) => (i.meta?.slots as Record<string, string>).A !== (i.meta?.slots as Record<string, string>).B)).toBe(true);
  });
});
