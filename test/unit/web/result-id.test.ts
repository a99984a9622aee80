import { describe, expect, test } from 'vitest';
import { resultId } from '../../../web/result-id.ts';
import type { NewResult } from '../../../web/result-record.ts';

const base: NewResult = {
  kind: 'complete',
  model: { id: 'local:tiny-gpt2', revision: 'sha256:3498758b486ba26f' },
  tool_version: '0.1.0',
  seed: null,
  input: { prompt: 'a b', top: 10 },
  output: { model: 'local:tiny-gpt2', top: [{ id: 1, text: ' b', prob: 0.5 }] },
};

describe('result ids', () => {
  test('GIVEN the same content with its keys in another order THEN the id is the same', () => {
    const reordered: NewResult = { output: { top: [{ prob: 0.5, text: ' b', id: 1 }], model: 'local:tiny-gpt2' }, input: { top: 10, prompt: 'a b' }, seed: null, tool_version: '0.1.0', model: { revision: 'sha256:3498758b486ba26f', id: 'local:tiny-gpt2' }, kind: 'complete' };
    expect(resultId(reordered)).toBe(resultId(base));
    expect(resultId(base)).toMatch(/^[0-9a-f]{20}$/);
  });

  test.each([
    ['another seed', { ...base, seed: 1 }],
    ['another tool version', { ...base, tool_version: '0.2.0' }],
    ['other weights', { ...base, model: { ...base.model, revision: 'sha256:0000000000000000' } }],
    ['another model', { ...base, model: { ...base.model, id: 'Xenova/gpt2' } }],
    ['another number in the output', { ...base, output: { ...base.output, top: [{ id: 1, text: ' b', prob: 0.51 }] } }],
    ['another kind', { ...base, kind: 'score' as const }],
  ])('GIVEN %s THEN the id differs', (_what, changed) => {
    expect(resultId(changed)).not.toBe(resultId(base));
  });
});
