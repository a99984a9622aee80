import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphEngine } from '../../../models/graph/graph-engine.ts';
import { HEAD_SCORE_KINDS, headScores, repeatedRandomSequences, type HeadScoreGrids } from '../../../models/graph/head-scores.ts';
import { LayerRunner } from '../../../models/graph/layer-runner.ts';
import { HAND_BUILT, writeHandBuiltModel } from '../../helpers/hand-built-model.ts';

let folder: string;
let engine: GraphEngine;
let scores: HeadScoreGrids;

/** Heads whose score is over `threshold`, as "layer.head". */
const above = (grid: number[][], threshold: number) => grid.flatMap((row, l) => row.flatMap((v, h) => (v > threshold ? [`${l}.${h}`] : [])));

beforeAll(async () => {
  folder = writeHandBuiltModel();
  engine = await GraphEngine.load({ model: folder });
  const runner = new LayerRunner(engine.graph.weights);
  // BOS + 2 × 12 tokens fits the model's 32 positions
  scores = await headScores(runner, repeatedRandomSequences(HAND_BUILT.bosId, 50257, { n: 10, length: 12, pool: HAND_BUILT.pool, seed: 3 }));
});

afterAll(async () => {
  await engine?.graph.dispose();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('GIVEN a hand-built model with a previous-token head (0.2) and an induction head (1.1)', () => {
  it('THEN the previous-token score finds exactly head 0.2', () => {
    expect(above(scores.previous_token, 0.5)).toStrictEqual([HAND_BUILT.previousTokenHead.join('.')]);
    expect(scores.previous_token[0][2]).toBeGreaterThan(0.99);
  });

  it('THEN the induction score finds exactly head 1.1', () => {
    expect(above(scores.induction, 0.5)).toStrictEqual([HAND_BUILT.inductionHead.join('.')]);
    expect(scores.induction[1][1]).toBeGreaterThan(0.99);
  });

  it('THEN no head scores as a duplicate-token head (the model has none)', () => {
    expect(above(scores.duplicate_token, 0.5)).toStrictEqual([]);
    for (const kind of HEAD_SCORE_KINDS) expect(scores[kind].flat().every(Number.isFinite)).toBe(true);
  });

  it('THEN the model really does induction: on the repeat it predicts the token that followed last time', async () => {
    const [a, b, c, d] = HAND_BUILT.pool.map((id) => engine.decode([id]));
    const [result] = await engine.nextTokens([`${a}${b}${c}${d}${a}${b}`], { topK: 1 });
    expect(result.top[0].text).toBe(c);
  });
});
