import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { directAttribution, layerNormScale, lensLogitDiff, unembedDirection, type ResidualParts } from '../../../models/graph/direct-attribution.ts';

const E = 16;
const rng = seededRng(11);
const vector = (scale = 1) => Float32Array.from({ length: E }, () => (rng() - 0.5) * 2 * scale);

/** A residual stream built from random parts with offsets, so centring matters. */
function randomParts(layers: number, heads: number): ResidualParts {
  const parts = {
    tokEmbed: vector(3),
    posEmbed: vector(),
    heads: Array.from({ length: layers }, () => Array.from({ length: heads }, () => vector().map((x) => x + 0.7))),
    attnBias: Array.from({ length: layers }, () => vector(0.1)),
    mlp: Array.from({ length: layers }, () => vector(2)),
    final: new Float32Array(E),
  };
  for (const c of [parts.tokEmbed, parts.posEmbed, ...parts.heads.flat(), ...parts.attnBias, ...parts.mlp]) c.forEach((x, i) => (parts.final[i] += x));
  return parts;
}

describe('GIVEN a residual stream made of components', () => {
  const lnF = { weight: vector().map((x) => 1 + x / 2), bias: vector(0.3), eps: 1e-5 };
  const direction = vector();

  it('THEN the attributions add up to LN_f(x) · d, the logit difference, with the scale frozen', () => {
    const parts = randomParts(3, 4);
    const a = directAttribution(parts, lnF, direction);
    expect(a.total).toBeCloseTo(lensLogitDiff(parts.final, lnF, direction), 5);
    expect(a.heads).toHaveLength(3);
    expect(a.heads[2]).toHaveLength(4);
    expect(a.ln_scale).toBeCloseTo(layerNormScale(parts.final, 1e-5), 12);
  });

  it('THEN a component that is constant across the stream contributes nothing (LayerNorm removes the mean)', () => {
    const parts = randomParts(1, 2);
    parts.heads[0][1] = new Float32Array(E).fill(5);
    parts.final = parts.final.map((x) => x + 5);
    expect(directAttribution(parts, lnF, direction).heads[0][1]).toBeCloseTo(0, 6);
  });

  it('THEN doubling one component doubles its attribution only when the scale stays frozen', () => {
    const parts = randomParts(1, 2);
    const before = directAttribution(parts, lnF, direction);
    const doubled = { ...parts, mlp: [parts.mlp[0].map((x) => 2 * x)] };
    const after = directAttribution({ ...doubled, final: parts.final }, lnF, direction);
    expect(after.mlp[0]).toBeCloseTo(2 * before.mlp[0], 6);
  });
});

describe('GIVEN an unembedding matrix', () => {
  it('THEN the logit-difference direction is the answer row minus the distractor row', () => {
    const unembed = Float32Array.from({ length: 3 * 2 }, (_, i) => i); // rows [0,1], [2,3], [4,5]
    expect([...unembedDirection(unembed, 2, 2, 0)]).toStrictEqual([4, 4]);
  });
});
