import { describe, expect, it } from 'vitest';
import { attentionPng, attentionReport, formatAttention } from '../../../cli/subcommands/attention-command.ts';
import { formatHeads, headsPng } from '../../../cli/subcommands/heads-command.ts';
import { headsReport } from '../../../reports/heads-report.ts';
import { headItemsFromTask } from '../../../tasks/task-head-items.ts';
import { fixtureInductionTask } from '../../helpers/fixture-induction-task.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('GIVEN the fixture, which learned induction, and an induction task without distractors', () => {
  it('THEN each prompt gets its answer from the heuristic and a distractor drawn from its own tokens, the same for the same seed', async () => {
    const engine = await fixtureGraphEngine();
    const items = headItemsFromTask(fixtureInductionTask, engine, 20, 3);
    expect(items).toHaveLength(20);
    for (const item of items) {
      expect(item.distractor_source).toBe('prompt_token');
      expect(item.distractor).not.toBe(item.answer);
      expect(engine.encode(item.prompt)).toContain(engine.encode(item.distractor)[0]);
    }
    expect(headItemsFromTask(fixtureInductionTask, engine, 20, 3)).toStrictEqual(items);
  });

  it('THEN hunt heads singles out heads: some matter far more than others, by ablation and by attribution', async () => {
    const engine = await fixtureGraphEngine();
    const report = await headsReport(engine, fixtureInductionTask, { n: 50, seed: 1, ablation: 'mean' });
    expect(report.n).toBe(50);
    expect(report.heads).toHaveLength(8);
    expect(report.logit_diff).toBeGreaterThan(0.5); // the model does prefer the induced token
    const drops = report.heads.map((h) => Math.abs(h.ablation_drop)).sort((a, b) => b - a);
    const top = drops[0];
    expect(top).toBeGreaterThan(0.5);
    // at least three heads barely matter: under a tenth of the top head's effect
    expect(drops.filter((d) => d < top / 10).length).toBeGreaterThanOrEqual(3);
    const attributions = report.heads.map((h) => Math.abs(h.attribution)).sort((a, b) => b - a);
    expect(attributions[0]).toBeGreaterThan(10 * attributions[attributions.length - 1]);
    for (const h of report.heads) expect(h.ablated_logit_diff).toBeCloseTo(report.logit_diff - h.ablation_drop, 10);
  });

  it('THEN the report prints as two layer × head tables and renders as a PNG heat map', async () => {
    const engine = await fixtureGraphEngine();
    const report = await headsReport(engine, fixtureInductionTask, { n: 10, seed: 2, ablation: 'zero' });
    const text = formatHeads(report);
    expect(text).toContain('Direct logit attribution per head (final LayerNorm scale frozen):');
    expect(text).toContain('Drop in logit difference when the head is zero-ablated:');
    expect(text).toMatch(/│ L1 +│/);
    expect(text).toContain('distractor = a random other token of the prompt');
    const png = headsPng(report);
    expect([...png.subarray(0, 8)]).toStrictEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(2_000);
  });
});

describe('GIVEN hunt attention on a prompt', () => {
  it("THEN it reports one head's pattern over the tokens, BOS included, as text and PNG", async () => {
    const engine = await fixtureGraphEngine();
    const report = await attentionReport(engine, ' air report enough list', 1, 3);
    expect(report.tokens.map((t) => t.text)).toStrictEqual(['<|endoftext|>', ' air', ' report', ' enough', ' list']);
    expect(report.pattern).toHaveLength(5);
    expect(report.pattern[0]).toStrictEqual([1, 0, 0, 0, 0]); // BOS can only attend to itself
    const lines = formatAttention(report).split('\n');
    expect(lines[1]).toBe('Attention pattern of head 1.3 (layer.head): each token → the tokens it attends to most');
    expect(lines[2]).toMatch(/^ {2}0 '<\|endoftext\|>' +→ 0 '<\|endoftext\|>' 100\.00%$/);
    expect([...attentionPng(report).subarray(0, 8)]).toStrictEqual(PNG_SIGNATURE);
  });

  it.each([
    [2, 0, 'layer must be 0–1'],
    [0, 4, 'head must be 0–3'],
  ])('WHEN layer %i head %i is asked of a 2-layer, 4-head model THEN it fails with "%s"', async (layer, head, message) => {
    const engine = await fixtureGraphEngine();
    await expect(attentionReport(engine, 'Hi', layer, head)).rejects.toThrow(message);
  });
});
