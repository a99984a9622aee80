import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { seededRng } from '../../../common/random.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { NO_GENERIC_CONTROL } from '../../../tasks/generic-control.ts';
import type { TaskDefinition } from '../../../tasks/task-types.ts';
import { COMMON_WORDS } from '../../../tasks/vocab/common-words.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Induction written as a task file: six noise words, a span of six, three more, then the span's
 * first five again; the control writes the span's first occurrence backwards, so every word (the
 * answer too) stays in the prompt but nothing follows what it followed. (Measured on the fixture:
 * it continues a repeat reliably only once about five words match.)
 */
const INDUCTION_FILE = {
  id: 'induction-by-file',
  title: 'Induction, written as a template',
  template: ' {n1} {n2} {n3} {n4} {n5} {n6} {a} {b} {c} {d} {e} {f} {x} {y} {z} {a} {b} {c} {d} {e}',
  lists: { words: COMMON_WORDS.slice(0, 150) },
  slots: Object.fromEntries(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'a', 'b', 'c', 'd', 'e', 'f', 'x', 'y', 'z', 'h', 'i', 'j', 'k', 'l', 'm'].map((s) => [s, 'words'])),
  expected: ' {f}',
  control: ' {n1} {n2} {n3} {n4} {n5} {n6} {f} {e} {d} {c} {b} {a} {x} {y} {z} {a} {b} {c} {d} {e}',
};

describe('evaluating a task written as a file', () => {
  it('GIVEN a YAML template task THEN it evaluates through the same path as a built-in one, control included', async () => {
    const file = path.join(dir, 'induction.yaml');
    writeFileSync(file, YAML.stringify(INDUCTION_FILE));
    const engine = await fixtureEngine();
    const report = await evaluateTask(engine, resolveTask(file), { n: 120, seed: 3 });
    expect(report.task).toBe('induction-by-file');
    expect(report.status).toBe('submitted');
    expect(report.scored).toBe(120);
    expect(report.control!.n).toBe(120);
    expect(report.mismatches.count).toBe(0);
    // the fixture does induction, so a file that asks for induction finds it
    expect(report.control!.lift).toBeGreaterThan(10);
    expect(report.verdict).toBe('strong');
  });

  it('GIVEN a JSON task of pairs THEN every pair is scored, with its distractor', async () => {
    const file = path.join(dir, 'pairs.json');
    const pairs = [
      { prompt: ' time people year way day time people', answer: ' year', distractor: [' way'] },
      { prompt: ' school state family school', answer: ' state', distractor: [' family', ' school'] },
    ];
    writeFileSync(file, JSON.stringify({ id: 'pairs', title: 'Pairs', pairs: [{ ...pairs[0], distractor: ' way' }, pairs[1]] }));
    const engine = await fixtureEngine();
    const report = await evaluateTask(engine, resolveTask(file), {});
    expect([report.n, report.scored]).toStrictEqual([2, 2]);
    // the file gives no controls: the seven-word prompt gets the generic shuffle, the four-word one is too short for it
    expect([report.control?.n, report.control?.generic, report.failures.control_errors]).toStrictEqual([1, 1, 1]);
    expect(report.failures.examples).toStrictEqual([{ prompt: pairs[1].prompt, reason: 'control_error', detail: NO_GENERIC_CONTROL }]);
    // the answer is compared with each distractor separately (chance 50%), and with all of them
    const beats: boolean[] = [];
    const beatsAll: boolean[] = [];
    for (const pair of pairs) {
      const [answer, ...distractors] = (await engine.score(pair.prompt, [pair.answer, ...pair.distractor], { alternatives: false })).answers.map((a) => a.prob);
      beats.push(...distractors.map((d) => answer > d));
      beatsAll.push(distractors.every((d) => answer > d));
    }
    expect(report.metrics.beats_distractor).toBe(beats.filter(Boolean).length / 3);
    expect(report.metrics.beats_all_distractors).toBe(beatsAll.filter(Boolean).length / 2);
  });
});

describe('a heuristic or control that fails on some prompts', () => {
  const base = findBuiltinTask('induction-random-tokens')!;
  let calls = 0;
  const flaky: TaskDefinition = {
    ...base,
    id: 'flaky',
    heuristic(prompt) {
      calls++;
      if (calls % 5 === 0) throw new Error('the heuristic tripped');
      if (calls % 7 === 0) return null;
      if (calls % 11 === 0) return { answers: [''] };
      return base.heuristic(prompt);
    },
    control(instance, rng) {
      if (instance.prompt.length % 13 === 0) throw new Error('the control tripped');
      return base.control!(instance, rng);
    },
  };

  it('GIVEN 100 prompts THEN each failure is counted and shown, and the rest are scored', async () => {
    const instances = base.generate(seededRng(1), 100);
    const thrown = instances.filter((_, i) => (i + 1) % 5 === 0).length;
    const declined = instances.filter((_, i) => (i + 1) % 7 === 0 && (i + 1) % 5 !== 0).length;
    const empty = instances.filter((_, i) => (i + 1) % 11 === 0 && (i + 1) % 5 !== 0 && (i + 1) % 7 !== 0).length;
    const scoredPrompts = instances.filter((_, i) => (i + 1) % 5 !== 0 && (i + 1) % 7 !== 0 && (i + 1) % 11 !== 0);
    const controlThrows = scoredPrompts.filter((i) => i.prompt.length % 13 === 0).length;
    expect(controlThrows).toBeGreaterThan(0);

    calls = 0;
    const engine = await fixtureEngine();
    const report = await evaluateTask(engine, flaky, { instances });
    expect(report.failures).toMatchObject({
      count: thrown + declined + empty,
      declined,
      heuristic_errors: thrown + empty,
      scoring_errors: 0,
      control_errors: controlThrows,
    });
    expect(report.scored).toBe(100 - thrown - declined - empty);
    expect(report.control!.n).toBe(report.scored - controlThrows);
    const reasons = report.failures.examples.map((e) => `${e.reason}: ${e.detail ?? ''}`);
    expect(reasons.some((r) => r.startsWith('heuristic_error: Error: the heuristic tripped'))).toBe(true);
    expect(reasons).toContain('declined: ');
  });

  it('GIVEN a heuristic that answers nothing THEN the run fails with a clear message instead of empty figures', async () => {
    const engine = await fixtureEngine();
    const never: TaskDefinition = { ...base, id: 'never', heuristic: () => null };
    await expect(evaluateTask(engine, never, { n: 10 })).rejects.toThrow('never: none of the 10 prompts could be scored (declined 10');
  });

  it('GIVEN corpus instances with their real continuation THEN the report says how often the heuristic matched it', async () => {
    const engine = await fixtureEngine();
    const instances = base.generate(seededRng(2), 20).map((i, k) => ({
      prompt: i.prompt,
      source: 'corpus' as const,
      actual: k < 15 ? (i.meta!.expected as string) : ' nothing',
    }));
    const report = await evaluateTask(engine, base, { instances });
    expect(report.actual_agreement).toMatchObject({ n: 20, share: 15 / 20 });
    // corpus instances carry no generator metadata: their control is the documented shuffle (tasks/generic-control.ts); nothing to mismatch
    expect([report.control!.n, report.mismatches.count]).toStrictEqual([20, 0]);
  });
});

describe('corpus instances: what the text said against what the heuristic says', () => {
  it('GIVEN mined instances, one whose text differs from the heuristic THEN P(actual), P(heuristic) and the four-way table count it right', async () => {
    const engine = await fixtureEngine();
    const task = findBuiltinTask('induction')!;
    const clean = task.generate(seededRng(5), 12);
    // the model's own top token decides which cell each prompt falls in; the table must agree with it
    const tops = (await engine.nextTokens(clean.map((i) => i.prompt), { topK: 1 })).map((r) => r.top[0].text);
    const instances = clean.map((i, k) => ({ prompt: i.prompt, source: 'corpus' as const, actual: k === 0 ? ' somethingelse' : (i.meta!.expected as string) }));
    const report = await evaluateTask(engine, task, { instances });
    const expected = { both: 0, text: 0, heuristic: 0, neither: 0 };
    instances.forEach((i, k) => {
      const heuristic = task.heuristic(i.prompt)!.answers;
      const withText = i.actual.startsWith(tops[k]);
      const withHeuristic = heuristic.some((a) => a.startsWith(tops[k]));
      expected[withText && withHeuristic ? 'both' : withText ? 'text' : withHeuristic ? 'heuristic' : 'neither']++;
    });
    expect(report.actual_agreement!.model_agrees).toStrictEqual(expected);
    expect(report.actual_agreement!.share).toBeCloseTo(11 / 12, 12);
    // P(actual) is scored separately from P(heuristic): on the one prompt where they differ, they differ
    expect(report.actual_agreement!.mean_prob_actual).not.toBe(report.actual_agreement!.mean_prob_heuristic);
  });

  it('GIVEN --n on given instances THEN a seeded random sample is drawn, not the first n, and duplicates are dropped first', async () => {
    const engine = await fixtureEngine();
    const task = findBuiltinTask('induction')!;
    const generated = task.generate(seededRng(6), 30).map((i) => ({ prompt: i.prompt, source: 'corpus' as const }));
    const instances = [...generated, ...generated.slice(0, 5)];
    const report = await evaluateTask(engine, task, { instances, n: 10, seed: 1, baselines: [] });
    expect([report.n, report.duplicates_removed, report.available]).toStrictEqual([10, 5, 35]);
    const firstTen = new Set(generated.slice(0, 10).map((i) => i.prompt));
    expect(report.worst.some((w) => !firstTen.has(w.prompt))).toBe(true);
  });

  it('GIVEN a mined prompt longer than the context THEN it gets no generic control (a cut shuffle would show the model other words), counted with its reason, while a prompt that fits keeps one', async () => {
    const engine = await fixtureEngine();
    const task = findBuiltinTask('induction')!;
    const [fits, base] = task.generate(seededRng(9), 2).map((i) => i.prompt);
    // 1,100 words before a repeated span: the prompt is cut on the left when scored
    const filler = Array.from({ length: 1_100 }, (_, k) => ` ${COMMON_WORDS[k % COMMON_WORDS.length]}`).join('');
    const long = `${filler}${base}`;
    expect(engine.encode(long).length).toBeGreaterThan(engine.contextLength);
    const report = await evaluateTask(engine, task, { instances: [{ prompt: fits, source: 'corpus' }, { prompt: long, source: 'corpus' }], seed: 2, baselines: [] });
    expect(report.scored).toBe(2);
    expect(report.control?.n).toBe(1);
    const reasons = report.failures.examples.filter((f) => f.reason === 'control_error').map((f) => f.detail);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^no generic control: the prompt \(\d+ tokens\) is cut to the model's context/);
  });
});
