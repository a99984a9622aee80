import { describe, expect, it } from 'vitest';
import { cellPlan, patchGrid } from '../../../models/graph/activation-patching.ts';
import type { LayerPatch } from '../../../models/graph/layer-runner.ts';
import { LayerRunner } from '../../../models/graph/layer-runner.ts';
import { patchPairsFromTask } from '../../../tasks/task-patch-pairs.ts';
import { PatchingRun, type PatchPlan } from '../../../models/graph/patching-run.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import type { TaskDefinition } from '../../../tasks/task-types.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

async function setup(taskId: string, n: number) {
  const engine = await fixtureGraphEngine();
  const runner = new LayerRunner(engine.graph.weights);
  const pairs = patchPairsFromTask(resolveTask(taskId), engine, n, 0);
  const run = await PatchingRun.prepare(runner, pairs.pairs, pairs.metric);
  return { engine, runner, pairs, run };
}

/** Every head's z and every MLP output, at every position, from the clean run. */
const everything =
  (nHead: number): PatchPlan =>
  (chunk) => {
    const cells = chunk.batch.batch * chunk.batch.width;
    return {
      from: 0,
      patches: chunk.clean.z!.map((z, l): LayerPatch => ({ zMix: new Float32Array(cells * nHead).fill(1), zPatch: z, mlpMix: new Float32Array(cells).fill(1), mlpPatch: chunk.clean.mlp![l] })),
    };
  };

describe('GIVEN clean/corrupted IOI pairs on the fixture', () => {
  it('THEN patching every head and MLP gives the clean run, and patching nothing the corrupted run (the whole-model graph\'s logits, within 1e-4)', async () => {
    const { engine, runner, pairs, run } = await setup('ioi', 6);
    expect(pairs.metric).toBe('logit_diff');
    const chunk = run.chunks[0];
    const all = await run.patchedRun(chunk, everything(engine.graph.config.nHead));
    const none = await run.patchedRun(chunk, () => ({ from: 0, resid: runner.embed(tokenBatchOf(chunk, 'corrupt')), patches: [] }));
    const [allLogits, noneLogits] = [await runner.lastLogits(all.final, chunk.batch), await runner.lastLogits(none.final, chunk.batch)];
    const clean = await engine.positionLogits(chunk.pairs.map((p) => p.clean));
    const corrupt = await engine.positionLogits(chunk.pairs.map((p) => p.corrupt));
    const V = engine.graph.vocabSize;
    chunk.pairs.forEach((_, b) => {
      expect(maxAbsDiff(allLogits.subarray(b * V, (b + 1) * V), clean[b].rows.at(-1)!)).toBeLessThan(1e-4);
      expect(maxAbsDiff(noneLogits.subarray(b * V, (b + 1) * V), corrupt[b].rows.at(-1)!)).toBeLessThan(1e-4);
    });
    expect(Math.abs((await run.patchedMetric(everything(engine.graph.config.nHead))) - run.cleanMetric)).toBeLessThan(1e-5);
    expect(await run.patchedMetric(() => ({ from: 0, patches: [] }))).toBe(run.corruptMetric);
    // the two runs really differ, so the checks above can fail
    expect(maxAbsDiff(allLogits, noneLogits)).toBeGreaterThan(1e-2);
  });

  it('THEN the metric comes from the model: logit(answer) − logit(distractor) as hunt score reports it', async () => {
    const { engine, run } = await setup('ioi', 6);
    const chunk = run.chunks[0];
    const scored = await engine.scoreMany(chunk.pairs.map((p) => ({ prompt: p.clean, answers: [p.answer, p.distractor!] })));
    const expected = scored.reduce((a, s) => a + s.answers[0].logit - s.answers[1].logit, 0) / scored.length;
    expect(Math.abs(run.cleanMetric - expected)).toBeLessThan(1e-4);
  });

  it('THEN patching the residual stream at every position, from any layer, restores exactly the clean metric', async () => {
    const { run } = await setup('ioi', 6);
    const shape = run.runner.config;
    const columns = Array.from({ length: run.width }, (_, c) => c);
    for (let l = 0; l < shape.nLayer; l++) expect(run.restored(await run.patchedMetric(cellPlan('resid', l, columns, shape)))).toBeCloseTo(1, 4);
  });

  it("THEN patching one last-layer head at the last position equals the whole-model graph with that head's output replaced by its clean value", async () => {
    const { engine, run } = await setup('ioi', 1);
    const chunk = run.chunks[0];
    const { nLayer: L, nHead: H } = engine.graph.config;
    const D = engine.graph.headSize;
    const W = chunk.batch.width;
    const head = 2;
    const patched = await run.patchedRun(chunk, cellPlan('heads', L - 1, [W - 1], engine.graph.config, head));
    const logits = await run.runner.lastLogits(patched.final, chunk.batch);
    // independent route: the whole-model graph's ablation writes a fixed z for the head; in the
    // last layer only the last position's z reaches the last position's logits
    const means = new Float32Array(L * H * D);
    means.set(chunk.clean.z![L - 1].subarray(((W - 1) * H + head) * D, ((W - 1) * H + head + 1) * D), ((L - 1) * H + head) * D);
    const [viaGraph] = await engine.inspect([{ prompt: chunk.pairs[0].corrupt }], { topK: 3, ablation: { heads: [[L - 1, head]], mode: 'mean', means } });
    const [unpatched] = await engine.inspect([{ prompt: chunk.pairs[0].corrupt }], { topK: 3 });
    expect(viaGraph.top.map((t) => t.id)).toStrictEqual(Array.from(logits).map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v).slice(0, 3).map((x) => x.i));
    for (const t of viaGraph.top) expect(Math.abs(logits[t.id] - t.logit)).toBeLessThan(1e-4);
    expect(Math.abs(viaGraph.top[0].logit - unpatched.top[0].logit)).toBeGreaterThan(1e-4);
  });

  it('THEN a heads grid is layer × head with a restored share per cell', async () => {
    const { run } = await setup('ioi', 4);
    const grid = await patchGrid(run, 'heads', 'all');
    expect(grid.rows).toStrictEqual(['L0', 'L1']);
    expect(grid.columns).toStrictEqual(['H0', 'H1', 'H2', 'H3']);
    expect(grid.restored.flat().every(Number.isFinite)).toBe(true);
    grid.patched.forEach((row, l) => row.forEach((m, h) => expect(grid.restored[l][h]).toBeCloseTo(run.restored(m), 10)));
  });
});

describe('GIVEN induction pairs scored on the whole answer', () => {
  it("THEN the corrupted run's metric is the answer's full log-prob on the control prompt, as hunt score computes it", async () => {
    const { engine, pairs, run } = await setup('induction-names', 8);
    expect(pairs.metric).toBe('answer_logprob');
    expect(pairs.pairs.some((p) => p.answer_ids.length > 1)).toBe(true);
    const scored = await engine.scoreMany(pairs.pairs.map((p) => ({ prompt: p.corrupt, answers: [p.answer] })));
    const expected = scored.reduce((a, s) => a + s.answers[0].logprob, 0) / scored.length;
    expect(Math.abs(run.corruptMetric - expected)).toBeLessThan(1e-4);
  });
});

describe('GIVEN a task that cannot be patched', () => {
  const base = resolveTask('induction');
  it('WHEN it has no controls THEN it is refused with one clear line', async () => {
    const engine = await fixtureGraphEngine();
    const noControl: TaskDefinition = { ...base, control: undefined };
    expect(() => patchPairsFromTask(noControl, engine, 4, 0)).toThrow(/has no control prompts, and patching needs a clean and a corrupted prompt/);
  });

  it('WHEN every control tokenizes to a different length THEN it is refused, saying so', async () => {
    const engine = await fixtureGraphEngine();
    const longer: TaskDefinition = { ...base, control: (instance) => `${instance.prompt} and more` };
    expect(() => patchPairsFromTask(longer, engine, 4, 0)).toThrow(/different lengths \(e\.g\. \d+ vs \d+ tokens\)/);
  });
});

function tokenBatchOf(chunk: PatchingRun['chunks'][number], which: 'corrupt'): PatchingRun['chunks'][number]['batch'] {
  return { ...chunk.batch, ids: chunk.pairs.map((p) => (which === 'corrupt' ? p.corrupt_ids : p.clean_ids)) };
}
