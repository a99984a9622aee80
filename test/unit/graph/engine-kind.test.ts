import { describe, expect, it } from 'vitest';
import { cellColour } from '../../../cli/format/heat-map-png.ts';
import { resolveEngineKind } from '../../../models/engine-kind.ts';

describe('GIVEN the engine choice', () => {
  it.each([
    [undefined, {}, 'transformers'],
    [undefined, { HUNT_ENGINE: 'graph' }, 'graph'],
    ['transformers', { HUNT_ENGINE: 'graph' }, 'transformers'],
    ['graph', {}, 'graph'],
  ])('WHEN the option is %s and the environment %j THEN the engine is %s', (option, env, kind) => {
    expect(resolveEngineKind(option, env)).toBe(kind);
  });

  it('WHEN HUNT_ENGINE names no engine THEN it fails at once, listing the engines', () => {
    expect(() => resolveEngineKind(undefined, { HUNT_ENGINE: 'torch' })).toThrow('engine must be one of transformers, graph (got "torch")');
  });
});

describe('GIVEN heat-map colours', () => {
  it.each([
    [0, 'diverging', 'rgb(255,255,255)'],
    [2, 'diverging', 'rgb(178,24,43)'],
    [-2, 'diverging', 'rgb(33,102,172)'],
    [5, 'diverging', 'rgb(178,24,43)'],
    [1, 'sequential', 'rgb(8,48,107)'],
    [Number.NaN, 'sequential', 'rgb(200,200,200)'],
  ] as const)('WHEN the value is %d on a %s scale with max 2 THEN the cell is %s', (value, scale, colour) => {
    expect(cellColour(value, scale, scale === 'sequential' ? 1 : 2)).toBe(colour);
  });
});
