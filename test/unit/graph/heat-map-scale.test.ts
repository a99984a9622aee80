import { describe, expect, it } from 'vitest';
import { cellColour, sharedMax } from '../../../cli/format/heat-map-png.ts';

describe('GIVEN heat map panels that are compared with each other', () => {
  it('THEN they share one symmetric scale, so ±0.007 is drawn far paler than ±1.2', () => {
    const panels = [{ values: [[0.007, -0.007]] }, { values: [[1.2, -0.3], [Number.NaN, 0]] }];
    const max = sharedMax(panels);
    expect(max).toBe(1.2);
    const channels = (c: string) => c.match(/\d+/g)!.map(Number);
    // on the shared scale the small value is almost white; on its own scale it would be full red
    expect(Math.min(...channels(cellColour(0.007, 'diverging', max)))).toBeGreaterThan(250);
    expect(cellColour(0.007, 'diverging', 0.007)).toBe('rgb(178,24,43)');
    expect(cellColour(1.2, 'diverging', max)).toBe('rgb(178,24,43)');
    expect(cellColour(-1.2, 'diverging', max)).toBe('rgb(33,102,172)');
  });
});
