import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { activationTensors } from '../../../models/graph/activation-export.ts';
import { LayerRunner } from '../../../models/graph/layer-runner.ts';
import { patchPairsFromTask } from '../../../tasks/task-patch-pairs.ts';
import { PatchingRun } from '../../../models/graph/patching-run.ts';
import { serializeSafetensors } from '../../../models/graph/safetensors-writer.ts';
import { resolveTask } from '../../../tasks/declarative-task.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const INDUCTION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/fixture-induction/fixture-induction.json');

describe('GIVEN the cached runs of induction pairs', () => {
  it('THEN the safetensors export holds every activation with its shape, and the bytes read back as the cache', async () => {
    const engine = await fixtureGraphEngine();
    const pairs = patchPairsFromTask(resolveTask(INDUCTION), engine, 3, 0);
    const run = await PatchingRun.prepare(new LayerRunner(engine.graph.weights), pairs.pairs, pairs.metric);
    const file = serializeSafetensors(activationTensors(run, engine.graph.bosId), { task: 'fixture-induction' });
    const headerLength = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const W = run.width;
    expect(header['clean.tokens']).toMatchObject({ dtype: 'I64', shape: [3, W] });
    expect(header['corrupt.z.1']).toMatchObject({ dtype: 'F32', shape: [3, W, 4, 16] });
    expect(header['clean.resid_pre.2']).toMatchObject({ dtype: 'F32', shape: [3, W, 64] });
    expect(header['__metadata__']).toStrictEqual({ task: 'fixture-induction' });
    const read = (name: string) => {
      const [a, b] = header[name].data_offsets;
      return new Float32Array(file.slice(8 + headerLength + a, 8 + headerLength + b).buffer);
    };
    expect(read('corrupt.resid_pre.2')).toStrictEqual(run.chunks[0].corrupt.final);
    expect(read('clean.mlp_out.0')).toStrictEqual(run.chunks[0].clean.mlp![0]);
    const [ta, tb] = header['clean.tokens'].data_offsets;
    const tokens = new BigInt64Array(file.slice(8 + headerLength + ta, 8 + headerLength + tb).buffer);
    expect(Array.from(tokens.subarray(0, W), Number)).toStrictEqual(pairs.pairs[0].clean_ids);
  });
});
