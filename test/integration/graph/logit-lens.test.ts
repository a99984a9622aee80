import { describe, expect, it } from 'vitest';
import { LayerRunner, tokenBatch } from '../../../models/graph/layer-runner.ts';
import { logitLens } from '../../../models/graph/logit-lens.ts';
import { promptTokenIds } from '../../../models/graph/prompt-tokens.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const PROMPT = ' air report enough list higher love people pot make exec report list higher';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('GIVEN the fixture model run layer by layer', () => {
  it('THEN the lens at the last layer gives the model\'s own logits at every position within 1e-4', async () => {
    const engine = await fixtureGraphEngine();
    const runner = new LayerRunner(engine.graph.weights);
    const ids = promptTokenIds(engine, PROMPT);
    const batch = tokenBatch([ids]);
    const run = await runner.forward(batch, runner.embed(batch), { record: true });
    const lensLast = await runner.unembed(run.resid![run.resid!.length - 1]);
    const [own] = await engine.positionLogits([PROMPT]);
    const V = engine.graph.vocabSize;
    own.rows.forEach((row, t) => expect(maxAbsDiff(lensLast.subarray(t * V, (t + 1) * V), row)).toBeLessThan(1e-4));
  });

  it('THEN every intermediate stream equals the whole-model graph\'s residual stream at the last position', async () => {
    const engine = await fixtureGraphEngine();
    const runner = new LayerRunner(engine.graph.weights);
    const batch = tokenBatch([promptTokenIds(engine, PROMPT)]);
    const run = await runner.forward(batch, runner.embed(batch), { record: true });
    const [inspected] = await engine.inspect([{ prompt: PROMPT }], { residuals: true });
    const E = engine.graph.config.nEmbd;
    const last = batch.width - 1;
    inspected.residuals!.forEach((stream, s) => expect(maxAbsDiff(run.resid![s].subarray(last * E, (last + 1) * E), stream)).toBeLessThan(1e-4));
  });

  it('THEN the lens report ends at the model\'s top tokens and the answer\'s rank, and earlier layers differ', async () => {
    const engine = await fixtureGraphEngine();
    const runner = new LayerRunner(engine.graph.weights);
    const report = await logitLens(engine, runner, PROMPT, { answer: ' love', topK: 5 });
    const [scored] = await engine.scoreMany([{ prompt: PROMPT, answers: [' love'] }], { topK: 5 });
    expect(report.layers.map((l) => l.layer)).toStrictEqual(['embed', 'L0', 'L1']);
    const final = report.layers[2];
    expect(final.top.map((t) => t.id)).toStrictEqual(scored.top.map((t) => t.id));
    expect(maxAbsDiff(final.top.map((t) => t.logprob), scored.top.map((t) => t.logprob))).toBeLessThan(1e-4);
    expect(final.answer!.rank).toBe(scored.answers[0].rank);
    expect(Math.abs(final.answer!.logprob - scored.answers[0].logprob)).toBeLessThan(1e-4);
    // the embeddings alone do not yet predict the induction answer
    expect(report.layers[0].answer!.rank).toBeGreaterThan(final.answer!.rank);
    expect(report.top_tokens).toHaveLength(3);
    expect(report.next_probs[2]).toHaveLength(report.tokens.length);
    expect(report.next_probs[2].at(-1)).toBeCloseTo(final.answer!.prob, 6);
  });
});
