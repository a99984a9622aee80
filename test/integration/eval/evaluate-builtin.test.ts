import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { evaluateTask, type EvalReport } from '../../../tasks/evaluate-task.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

// The fixture model learned induction and nothing else (test/fixtures/tiny-gpt2/README.md).

const reports = new Map<string, Promise<EvalReport>>();
/** one 150-prompt evaluation per task, shared by the tests that read it */
function reportOf(id: string): Promise<EvalReport> {
  if (!reports.has(id)) reports.set(id, fixtureEngine().then((engine) => evaluateTask(engine, findBuiltinTask(id)!, { n: 150, seed: 0 })));
  return reports.get(id)!;
}

describe('evaluating built-in tasks on the fixture model', () => {
  it('GIVEN induction THEN the verdict is strong, with the expected answer far likelier than on its controls', async () => {
    const engine = await fixtureEngine();
    const report = await evaluateTask(engine, findBuiltinTask('induction')!, { n: 200, seed: 0 });
    expect(report.task).toBe('induction-random-tokens');
    expect(report.verdict).toBe('strong');
    expect(report.verdict_upper).toBe('strong');
    expect(report.control).not.toBeNull();
    // the controls keep every word, so the copier gains nothing from them; the model does
    expect(report.metrics.mean_prob).toBeGreaterThan(10 * report.control!.mean_prob);
    expect(report.effect!.ci.low).toBeGreaterThan(Math.log(2));
    expect(report.gate.p).toBeLessThan(0.05);
    expect(report.baselines.find((b) => b.name === 'copier')).toMatchObject({ mean_effect: 0, beaten: true });
    expect(report.ci.mean_prob.low).toBeLessThanOrEqual(report.metrics.mean_prob);
    expect(report.ci.mean_prob.high).toBeGreaterThanOrEqual(report.metrics.mean_prob);
    expect([report.n, report.scored, report.failures.count, report.mismatches.count]).toStrictEqual([200, 200, 0, 0]);
  });

  it.each(['ioi', 'acronym'])('GIVEN %s, a behaviour it never learned, THEN the verdict is none', async (id) => {
    const report = await reportOf(id);
    expect(report.verdict).toBe('none');
    expect(report.scored).toBe(150);
    // not "none" for want of data: the control is as good as the prompt
    expect(report.control!.lift).toBeLessThan(1.2);
  });

  it('GIVEN IOI THEN the distractor figures are there: the model picks the right name at chance', async () => {
    const report = await reportOf('ioi');
    expect(report.metrics.beats_distractor).toBeGreaterThan(0.3);
    expect(report.metrics.beats_distractor).toBeLessThan(0.7);
    expect(Math.abs(report.metrics.mean_logit_diff!)).toBeLessThan(0.5);
    expect(report.ci.beats_distractor!.low).toBeLessThan(0.55);
  });

  it('GIVEN the same seed THEN the report is the same; another seed gives other prompts and other numbers', async () => {
    const engine = await fixtureEngine();
    const task = findBuiltinTask('induction')!;
    const a = await evaluateTask(engine, task, { n: 60, seed: 7 });
    const b = await evaluateTask(engine, task, { n: 60, seed: 7 });
    const c = await evaluateTask(engine, task, { n: 60, seed: 8 });
    expect(b).toStrictEqual(a);
    expect(c.worst.map((w) => w.prompt)).not.toStrictEqual(a.worst.map((w) => w.prompt));
    expect(c.metrics.mean_prob).not.toBe(a.metrics.mean_prob);
  });

  it('GIVEN a long run THEN progress is reported up to the total, clean prompts and controls together', async () => {
    const engine = await fixtureEngine();
    const calls: [number, number][] = [];
    await evaluateTask(engine, findBuiltinTask('acronym')!, { n: 100, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.at(-1)).toStrictEqual([200, 200]);
    expect(calls.map(([done]) => done)).toStrictEqual([...calls.map(([done]) => done)].sort((x, y) => x - y));
  });

  it('GIVEN multi-token answers THEN their probability is the product over tokens, summed over acceptable spellings', async () => {
    const engine = await fixtureEngine();
    const task = findBuiltinTask('email-address')!;
    const [instance] = task.generate(seededRng(1), 1);
    const report = await evaluateTask(engine, task, { instances: [instance] });
    const answers = task.heuristic(instance.prompt)!.answers;
    const scored = await engine.score(instance.prompt, answers, { alternatives: false });
    const expected = scored.answers.reduce((sum, a) => sum + a.prob, 0);
    expect(report.metrics.mean_prob).toBeCloseTo(expected, 12);
    expect(report.worst[0].rank).toBe(Math.min(...scored.answers.map((a) => a.rank)));
  });
});
