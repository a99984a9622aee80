import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphModel } from '../../../models/graph/graph-model.ts';
import { readGpt2Folder, readGpt2Layout } from '../../../models/graph/gpt2-weights.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { leftPad } from '../../../models/padded-batch.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

// in the fixture's file system, so the cache can hard-link the weights
const cacheDir = mkdtempSync(path.join(FIXTURE_MODEL, '..', '.hunt-graphs-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('GIVEN the fixture folder loaded on the graph engine', () => {
  it('THEN its weights are referenced in the safetensors file, not read: the graph file in the cache is small and links to the weights', async () => {
    const layout = readGpt2Layout(FIXTURE_MODEL);
    expect(layout?.external).toBeDefined();
    expect(layout!.wte.length).toBe(0); // a placeholder: the values stay in the file
    const model = await GraphModel.load(resolveModelSource({ model: FIXTURE_MODEL, cacheDir }));
    const [folder] = readdirSync(path.join(cacheDir, 'graphs'));
    const graphFile = path.join(cacheDir, 'graphs', folder, 'model.onnx');
    expect(statSync(graphFile).size).toBeLessThan(200_000); // the weights alone are 13.5 MB
    // a hard link to the weights (onnxruntime refuses symlinks out of the graph's folder)
    expect(statSync(path.join(cacheDir, 'graphs', folder, 'model.safetensors')).ino).toBe(statSync(path.join(FIXTURE_MODEL, 'model.safetensors')).ino);
    await model.logits(leftPad([[50256, 464]], 50256));
    expect(model.holdsWeights).toBe(false); // the session was made from the file, not from values read as a fallback
    await model.dispose();
  });

  it('THEN it computes the same logits as the graph with the values inside, and still hands the values to analyses that ask', async () => {
    const byReference = await GraphModel.load(resolveModelSource({ model: FIXTURE_MODEL, cacheDir }));
    const values = readGpt2Folder(FIXTURE_MODEL);
    const inside = new GraphModel(values, byReference.tokenizer, byReference.source, byReference.modelId);
    const padded = leftPad([[50256, 464, 3797, 3332, 319], [50256, 15496]], 50256);
    const [a, b] = [await byReference.logits(padded), await inside.logits(padded)];
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(a.length).toBe(2 * 5 * 50257);
    expect(worst).toBeLessThan(1e-6);
    expect(byReference.holdsWeights).toBe(false);
    const wte = byReference.weights.wte; // read on first use
    expect(wte.length).toBe(values.wte.length);
    expect(Buffer.from(wte.buffer, wte.byteOffset, wte.byteLength).equals(Buffer.from(values.wte.buffer, values.wte.byteOffset, values.wte.byteLength))).toBe(true);
    await Promise.all([byReference.dispose(), inside.dispose()]);
  });

  it('THEN its logits are the same within 1e-5 with the weights not prepacked (HUNT_ORT_PREPACK=0) and with the memory arena on (HUNT_ORT_ARENA=1)', async () => {
    const padded = leftPad([[50256, 464, 3797, 3332, 319], [50256, 15496]], 50256);
    const logitsWith = async (env: Record<string, string>) => {
      Object.assign(process.env, env);
      try {
        const model = await GraphModel.load(resolveModelSource({ model: FIXTURE_MODEL, cacheDir }));
        const logits = await model.logits(padded);
        await model.dispose();
        return logits;
      } finally {
        for (const name of Object.keys(env)) delete process.env[name];
      }
    };
    const base = await logitsWith({});
    for (const other of [await logitsWith({ HUNT_ORT_PREPACK: '0' }), await logitsWith({ HUNT_ORT_ARENA: '1' })]) {
      let worst = 0;
      for (let i = 0; i < base.length; i++) worst = Math.max(worst, Math.abs(base[i] - other[i]));
      expect(other.length).toBe(base.length);
      expect(worst).toBeLessThan(1e-5);
    }
  });
});
