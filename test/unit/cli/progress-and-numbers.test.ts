import { describe, expect, test } from 'vitest';
import { percent } from '../../../common/number-format.ts';
import { etaText, progressCounts } from '../../../cli/progress-bar.ts';

describe('progress bars and shares read as a person expects', () => {
  test('GIVEN a share of zero THEN it prints as 0.00%, like its neighbours, not 0.00e+0', () => {
    expect([percent(0), percent(0.5), percent(1e-5)]).toStrictEqual(['0.00%', '50.00%', '1.00e-5']);
  });

  test('GIVEN nothing done yet THEN the time left is "…", never INF; later it follows the rate so far', () => {
    expect(etaText(0, 200, 5_000)).toBe('…');
    expect(etaText(50, 200, 10_000)).toBe('30s');
    expect(etaText(10, 200, 10_000)).toBe('3m10s');
    expect(etaText(1, 1000, 10_000)).toBe('2h46m');
    expect(etaText(200, 200, 10_000)).toBe('0s');
  });

  test('GIVEN an evaluation with controls THEN its prompts and their controls are counted apart', () => {
    expect(progressCounts(120, 380, 200)).toBe('prompts 120/200 · controls 0/180');
    expect(progressCounts(230, 380, 200)).toBe('prompts 200/200 · controls 30/180');
    expect(progressCounts(120, 200, 200)).toBe('prompts 120/200');
    expect(progressCounts(120, 200, undefined)).toBe('prompts 120/200');
  });
});
