import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ablateCircuit, circuitPlan, corruptMeans, parseHeads } from '../../../models/graph/circuit-ablation.ts';
import type { HeadAblation } from '../../../models/graph/graph-model.ts';
import { LayerRunner } from '../../../models/graph/layer-runner.ts';
import { patchPairsFromTask } from '../../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../../models/graph/patching-run.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

/** The worked example's induction pairs, written for the fixture (docs/fixture-induction). */
const FIXTURE_INDUCTION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/fixture-induction/fixture-induction.json');

async function setup(task = 'ioi') {
  const engine = await fixtureGraphEngine();
  const pairs = patchPairsFromTask(resolveTask(task), engine, 4, 0);
  const run = await PatchingRun.prepare(new LayerRunner(engine.graph.weights), pairs.pairs, pairs.metric);
  return { engine, run };
}

/** Last-position logits of the clean prompts with `plan`, against the whole-model graph's own ablation. */
async function compareWithGraph(run: PatchingRun, plan: ReturnType<typeof circuitPlan>['plan'], ablation: HeadAblation): Promise<number> {
  const engine = await fixtureGraphEngine();
  const chunk = run.chunks[0];
  const logits = await run.runner.lastLogits((await run.patchedRun(chunk, plan)).final, chunk.batch);
  const V = engine.graph.vocabSize;
  const viaGraph = await engine.inspect(
    chunk.pairs.map((p) => ({ prompt: p.clean, answer: p.answer, distractor: p.distractor! })),
    { topK: 1, ablation },
  );
  let worst = 0;
  viaGraph.forEach((r, b) => {
    worst = Math.max(worst, Math.abs(logits[b * V + r.answer!.id] - r.answer!.logit), Math.abs(logits[b * V + r.distractor!.id] - r.distractor!.logit));
  });
  return worst;
}

describe('GIVEN IOI pairs on the fixture and a set of heads', () => {
  it('THEN zero-ablating the set equals the whole-model graph with those heads zeroed (within 1e-4)', async () => {
    const { run } = await setup();
    const heads = parseHeads('0.1,1.3', 2, 4);
    const { plan, ablated } = circuitPlan(run, heads, { mode: 'zero' });
    expect(ablated).toBe(2);
    expect(await compareWithGraph(run, plan, { heads, mode: 'zero' })).toBeLessThan(1e-4);
  });

  it('THEN keeping the set mean-ablates exactly every other head, as the whole-model graph does with the same means', async () => {
    const { run } = await setup();
    const keep = parseHeads('0.1,1.3', 2, 4);
    const others: [number, number][] = [0, 1].flatMap((l) => [0, 1, 2, 3].map((h): [number, number] => [l, h])).filter(([l, h]) => !keep.some(([a, b]) => a === l && b === h));
    const { plan, ablated } = circuitPlan(run, keep, { mode: 'mean', keep: true });
    expect(ablated).toBe(6);
    const means = new Float32Array(corruptMeans(run).flatMap((m) => Array.from(m)));
    expect(await compareWithGraph(run, plan, { heads: others, mode: 'mean', means })).toBeLessThan(1e-4);
  });

  it('THEN keeping every head gives the clean metric, and resampling every head from the control moves it', async () => {
    const { run } = await setup(FIXTURE_INDUCTION);
    const all = parseHeads('0.0,0.1,0.2,0.3,1.0,1.1,1.2,1.3', 2, 4);
    const kept = await ablateCircuit(run, all, { mode: 'resample', keep: true });
    expect(kept.ablated_heads).toBe(0);
    expect(kept.ablated_metric).toBe(run.cleanMetric);
    const none = await ablateCircuit(run, all, { mode: 'resample' });
    expect(none.ablated_heads).toBe(8);
    expect(Math.abs(none.ablated_metric - run.cleanMetric)).toBeGreaterThan(1e-2);
  });

  it('WHEN a head is out of range THEN it is refused with one clear line', () => {
    expect(() => parseHeads('0.1,2.0', 2, 4)).toThrow('no head 2.0: layers are 0–1, heads 0–3');
    expect(() => parseHeads('0.7', 2, 4)).toThrow('no head 0.7');
    expect(() => parseHeads('L0H1', 2, 4)).toThrow(/layer\.head/);
  });
});
