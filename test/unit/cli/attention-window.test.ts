import { describe, expect, test } from 'vitest';
import { formatAttention, parseWindow, PNG_MAX_TOKENS, resolveWindow, windowed, type AttentionReport } from '../../../cli/subcommands/attention-command.ts';

/** A 4-token causal pattern: each query spreads evenly over the keys up to itself. */
const report: AttentionReport = {
  model: 'local:test',
  bos: true,
  truncated: 0,
  layer: 0,
  head: 1,
  tokens: ['<|endoftext|>', 'a', 'b', 'c'].map((text, id) => ({ id, text })),
  pattern: [0, 1, 2, 3].map((q) => [0, 1, 2, 3].map((k) => (k <= q ? 1 / (q + 1) : 0))),
};

describe('attention --window shows part of a long prompt', () => {
  test('GIVEN FROM:TO, FROM: or :TO THEN the positions parse as a slice; nonsense is refused', () => {
    expect(parseWindow('900:1000')).toStrictEqual({ from: 900, to: 1000 });
    expect(parseWindow('2:')).toStrictEqual({ from: 2, to: undefined });
    expect(parseWindow(':3')).toStrictEqual({ from: undefined, to: 3 });
    expect(() => parseWindow('5:5')).toThrow('window 5:5: TO must be after FROM.');
    expect(() => parseWindow('abc')).toThrow('window must be FROM:TO token positions');
  });

  test('GIVEN a window THEN queries and keys are cut to it and labels keep their positions', () => {
    const cut = windowed(report, resolveWindow(4, parseWindow('2:'), undefined).window);
    expect(cut.pattern).toStrictEqual([
      [1 / 3, 0],
      [1 / 4, 1 / 4],
    ]);
    expect(cut.tokens.map((t) => t.text)).toStrictEqual(['b', 'c']);
    expect(formatAttention(cut)).toContain("3 'c' → 2 'b' 25.00%, 3 'c' 25.00%");
  });

  test('GIVEN a long prompt and a PNG without --window THEN the last PNG_MAX_TOKENS are drawn, with a note', () => {
    expect(resolveWindow(1000, undefined, PNG_MAX_TOKENS)).toStrictEqual({
      window: { from: 1000 - PNG_MAX_TOKENS, to: 1000 },
      note: `note: the PNG shows the last ${PNG_MAX_TOKENS} of 1000 tokens (${1000 - PNG_MAX_TOKENS}:1000); --window FROM:TO shows others`,
    });
    expect(resolveWindow(20, undefined, PNG_MAX_TOKENS)).toStrictEqual({ window: { from: 0, to: 20 } });
    expect(() => resolveWindow(20, { from: 30 }, PNG_MAX_TOKENS)).toThrow('--window starts at token 30, but the prompt has 20 tokens (0–19)');
  });
});
