import { describe, expect, it } from 'vitest';
import { controlSourceLine } from '../../../cli/format/format-eval-report.ts';
import type { EvalReport } from '../../../tasks/eval-report.ts';
import type { ControlSource, InstanceRecord } from '../../../tasks/instance-record.ts';
import { summarizeRecords } from '../../../tasks/metrics/eval-summary.ts';
import { evaluationView } from '../../../web/pages/evaluation-view.ts';

const score = (logprob: number) => ({ prob: Math.exp(logprob), logprob, rank: 1, logit: 0 });

/**
 * A prompt where the model gives the answer P 0.5 and the unigram baseline P 0.01: a model
 * that beats the baseline on log P by log 50 — what a context-free model favouring the
 * answers looks like. With a control it scores the answer alike (effect 0).
 */
function record(i: number, control?: { source: ControlSource }): InstanceRecord {
  return {
    prompt: `prompt ${i}`,
    control: control ? `control ${i}` : null,
    ...(control ? { control_source: control.source } : {}),
    answers: [' a'],
    distractors: [],
    cluster: `prompt:${i}`,
    truncated: false,
    model: { clean: score(Math.log(0.5)), ...(control ? { control: score(Math.log(0.5)) } : {}), top: { text: ' a', prob: 0.5 } },
    baselines: { unigram: { clean: Math.log(0.01), ...(control ? { control: Math.log(0.01) } : {}) } },
  };
}
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the gate without a control', () => {
  it('GIVEN no prompt with a control THEN the effect test fails (p 1) and the verdict is none, though log P beats the baseline on every prompt', () => {
    const summary = summarizeRecords(range(60).map((i) => record(i)), 0);
    expect(summary.baselines[0].beaten).toBe(true);
    expect(summary.gate.tests[0]).toStrictEqual({ name: 'effect (no prompt had a control)', p: 1 });
    expect([summary.effect, summary.control, summary.verdict, summary.verdict_upper]).toStrictEqual([null, null, 'none', 'none']);
  });

  it('GIVEN the same prompts with generic controls THEN the effect is 0, the control says how many were generic, and the verdict is none', () => {
    const summary = summarizeRecords(range(60).map((i) => record(i, { source: i < 50 ? 'generic' : 'task' })), 0);
    expect(summary.control).toMatchObject({ n: 60, generic: 50 });
    expect(summary.effect!.mean).toBe(0);
    expect([summary.verdict, summary.verdict_upper]).toStrictEqual(['none', 'none']);
  });
});

describe('the report says when the control was generic', () => {
  const withControl = (n: number, generic: number) => ({ control: { n, generic } }) as unknown as EvalReport;

  it.each([
    [40, 40, '  control: generic — the task gives none, so the words before the last three are shuffled (every token stays, their order goes)'],
    [40, 12, '  control: generic for 12 of 40 prompts — the task gives none for them, so the words before the last three are shuffled (every token stays, their order goes)'],
    [40, 0, null],
  ])('GIVEN %i controls of which %i generic THEN the line is %j', (n, generic, line) => {
    expect(controlSourceLine(withControl(n, generic))).toBe(line);
  });

  it('GIVEN a report from before controls were counted as generic THEN no line', () => {
    expect(controlSourceLine({ control: { n: 40 } } as unknown as EvalReport)).toBeNull();
    expect(controlSourceLine({ control: null } as unknown as EvalReport)).toBeNull();
  });
});

describe('the web page says when the control was generic', () => {
  const metrics = { mean_prob: 0.5, median_prob: 0.5, top1: 1, top5: 1, median_rank: 1 };
  const control = { n: 40, generic: 40, lift: 1, ...metrics };

  it('GIVEN generic controls THEN a note says so; GIVEN the task\'s own THEN none; GIVEN no control THEN the effect was not measured', () => {
    const page = (c: unknown) => evaluationView({ metrics, verdict: 'none', control: c } as never).text;
    expect(page(control)).toContain('Controls: generic — the task gives none, so the words before the last three are shuffled');
    expect(page({ ...control, generic: 10 })).toContain('Controls: generic for 10 of 40 prompts');
    expect(page({ ...control, generic: 0 })).not.toContain('Controls: generic');
    expect(page(null)).toContain('No prompt had a control: the effect of the cue was not measured.');
  });
});
