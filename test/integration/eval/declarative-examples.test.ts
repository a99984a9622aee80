import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

const exampleFile = (id: string) => fileURLToPath(new URL(`../../../tasks/examples/${id}.yaml`, import.meta.url));

/**
 * The built-in acronym, citation-number and greater-than behaviours written as task files
 * (tasks/examples/). Two checks each: the file's heuristic reads the built-in task's prompts
 * and gives exactly its answers and distractors (and the built-in one agrees on the file's
 * prompts), and on the fixture both evaluate to the same verdict with overlapping 95% intervals
 * of the paired effect at the same seed and n. n is what keeps each test near 10 s on a busy
 * machine (greater-than scores 98 answers and distractors a prompt).
 */
describe.each([
  ['acronym', 100],
  ['citation-number', 100],
  ['greater-than', 40],
])('the %s task written as a file', (id, n) => {
  const builtin = findBuiltinTask(id)!;

  it('GIVEN the built-in task\'s prompts and the file\'s own THEN the two heuristics give the same answers and distractors on every one', async () => {
    const file = resolveTask(exampleFile(id));
    const prompts = [...builtin.generate(seededRng(5), 300), ...file.generate(seededRng(5), 300)].map((i) => i.prompt);
    const differing = prompts.filter((p) => JSON.stringify(file.heuristic(p)) !== JSON.stringify(builtin.heuristic(p)));
    expect(differing).toStrictEqual([]);
    expect(prompts.every((p) => file.heuristic(p) !== null)).toBe(true);
  });

  it(`GIVEN the fixture, seed 0 and n = ${n} THEN the file evaluates like the built-in task: every prompt and control scored, the same verdict, overlapping effect intervals`, async () => {
    const engine = await fixtureEngine();
    const file = resolveTask(exampleFile(id));
    const [a, b] = [await evaluateTask(engine, builtin, { n, seed: 0 }), await evaluateTask(engine, file, { n, seed: 0 })];
    for (const report of [a, b]) {
      expect([report.scored, report.control?.n, report.mismatches.count, report.failures.count]).toStrictEqual([n, n, 0, 0]);
    }
    expect(b.verdict).toBe(a.verdict);
    expect(b.verdict_upper).toBe(a.verdict_upper);
    const [x, y] = [a.effect!.ci, b.effect!.ci];
    expect(Math.max(x.low, y.low), `effect intervals [${x.low}, ${x.high}] and [${y.low}, ${y.high}]`).toBeLessThanOrEqual(Math.min(x.high, y.high));
  });
});
