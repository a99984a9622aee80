import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellPlan } from '../../../models/graph/activation-patching.ts';
import { LayerRunner } from '../../../models/graph/layer-runner.ts';
import { patchPairsFromTask } from '../../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../../models/graph/patching-run.ts';
import { pathPatchGrid, pathPlan } from '../../../models/graph/path-patching.ts';
import { leftPad } from '../../../models/padded-batch.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const INDUCTION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/fixture-induction/fixture-induction.json');

async function setup() {
  const engine = await fixtureGraphEngine();
  const pairs = patchPairsFromTask(resolveTask(INDUCTION), engine, 6, 0);
  return PatchingRun.prepare(new LayerRunner(engine.graph.weights), pairs.pairs, pairs.metric);
}

const ALL_QKV = new Float32Array(3 * 4).fill(1);

describe('GIVEN induction pairs on the fixture', () => {
  it("THEN every layer-1 head reading q, k and v from the clean stream equals patching layer 1's attention output from the clean run", async () => {
    const run = await setup();
    const viaPath = await run.patchedMetric((chunk) => ({ from: 1, patches: [undefined, { qkvResid: chunk.clean.resid![1], qkvMix: ALL_QKV }] }));
    const viaActivation = await run.patchedMetric(cellPlan('attn', 1, Array.from({ length: run.width }, (_, c) => c), run.runner.config));
    expect(Math.abs(viaPath - viaActivation)).toBeLessThan(1e-4);
    expect(Math.abs(viaPath - run.corruptMetric)).toBeGreaterThan(1e-3);
  });

  it('THEN rerouting q, k and v through the corrupted stream itself changes nothing', async () => {
    const run = await setup();
    const same = await run.patchedMetric((chunk) => ({ from: 1, patches: [undefined, { qkvResid: chunk.corrupt.resid![1], qkvMix: ALL_QKV }] }));
    expect(Math.abs(same - run.corruptMetric)).toBeLessThan(1e-6);
  });

  it('THEN a sender → receivers grid has values for layer-0 senders only, and a sender after a receiver is refused', async () => {
    const run = await setup();
    const grid = await pathPatchGrid(run, { kind: 'heads', heads: [[1, 1]], inputs: ['k', 'v'] });
    expect(grid.restored[0].every(Number.isFinite)).toBe(true);
    expect(grid.restored[1].every(Number.isNaN)).toBe(true);
    expect(() => pathPlan(run, [1, 0], { kind: 'heads', heads: [[1, 1]], inputs: ['q'] })).toThrow(/must sit in an earlier layer than every receiver/);
  });

  it("THEN a sender → logits path adds exactly the sender's clean − corrupted output, as the whole-model graph computes it", async () => {
    const run = await setup();
    const engine = await fixtureGraphEngine();
    const chunk = run.chunks[0];
    const { final } = await run.patchedRun(chunk, pathPlan(run, [0, 1], { kind: 'logits' }));
    const E = engine.graph.config.nEmbd;
    const W = chunk.batch.width;
    // the whole-model graph's own per-head output at the last position of each prompt
    const headOut = async (ids: number[]) => {
      const out = await engine.graph.run(leftPad([ids], engine.graph.bosId), { readoutRows: [ids.length - 1], components: true, logits: false });
      return out.headOut![0].subarray(1 * E, 2 * E); // layer 0, head 1, the one readout row
    };
    // head 0.1 attends 7 tokens back from the last one: to the answer's first occurrence, which the control replaces
    let size = 0;
    for (const [b, pair] of chunk.pairs.entries()) {
      const [clean, corrupt] = [await headOut(pair.clean_ids), await headOut(pair.corrupt_ids)];
      const at = (b * W + W - 1) * E;
      let worst = 0;
      for (let e = 0; e < E; e++) {
        worst = Math.max(worst, Math.abs(final[at + e] - chunk.corrupt.final[at + e] - (clean[e] - corrupt[e])));
        size = Math.max(size, Math.abs(clean[e] - corrupt[e]));
      }
      // float32 rounding of a sum into a stream whose entries reach tens: 1e-3 is far below the change itself
      expect(worst).toBeLessThan(1e-3);
    }
    expect(size).toBeGreaterThan(1e-2);
    expect(await run.patchedMetric(pathPlan(run, [0, 1], { kind: 'logits' }))).not.toBe(run.corruptMetric);
  });
});
