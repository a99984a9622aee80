import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { planAnswers, promptLength, recordRow, scoreResults, wantedRows, type PlanTools } from '../../../models/answer-scoring.ts';
import { continuationBatch, leftPad } from '../../../models/padded-batch.ts';
import { prefixRuns } from '../../../models/prefix-runs.ts';
import { selectCacheRows } from '../../../models/row-logits-run.ts';
import type { RowView } from '../../../models/row-view.ts';

/** A tokenizer with one token per character (its code), and BOS 0 before every prompt. */
const TOOLS: PlanTools = {
  encode: (text) => [...text].map((c) => c.charCodeAt(0)),
  prepareIds: (ids) => ({ ids: [0, ...ids], bos: true, truncated: 0, promptIds: ids }),
};
const ITEMS = [
  { prompt: 'ab', answers: ['c', 'd', 'cde'] },
  { prompt: 'x', answers: ['yz'] },
];

/** A distribution where token id has logit −id/100 and rank id − 96, normaliser 0. */
const VIEW: RowView = { lse: 0, logit: (id) => -id / 100, rank: (id) => id - 96, top: (k) => [{ id: 97, logit: -0.97 }].slice(0, k) };

describe('GIVEN items whose answers have one and several tokens', () => {
  const plan = planAnswers(ITEMS, TOOLS, false);

  it('THEN every answer gets its tokens after its prompt, single-token answers share the prompt as one sequence, and longer ones feed all their tokens but the last', () => {
    expect(plan.answers.map((a) => [a.item, a.ids, a.start])).toStrictEqual([
      [0, [99], 3],
      [0, [100], 3],
      [0, [99, 100, 101], 3],
      [1, [121, 122], 2],
    ]);
    expect(plan.sequences).toStrictEqual([[0, 97, 98], [0, 97, 98, 99, 100], [0, 120, 121]]);
    expect(plan.answersOn).toStrictEqual([[0, 1], [2], [3]]);
  });

  it('THEN the wanted rows are the positions predicting each answer token, with the ids read there, and the prompt length splits each sequence', () => {
    expect(wantedRows(plan, 0)).toStrictEqual([{ position: 2, targets: [99, 100] }]);
    expect(wantedRows(plan, 1)).toStrictEqual([{ position: 2, targets: [99] }, { position: 3, targets: [100] }, { position: 4, targets: [101] }]);
    expect([0, 1, 2].map((seq) => promptLength(plan, seq))).toStrictEqual([3, 3, 2]);
  });

  it('THEN recorded rows add up to each answer\'s log-prob, with the first token\'s rank and logit, the logit difference and the top tokens', () => {
    const recorded = planAnswers(ITEMS, TOOLS, false);
    recorded.sequences.forEach((_, seq) => wantedRows(recorded, seq).forEach((w) => recordRow(recorded, seq, w.position, VIEW, (v) => v.top(1).map((t) => ({ ...t, text: 'a', prob: 1, logprob: 0 })))));
    const [first, second] = scoreResults(recorded, ITEMS, (id) => ({ id, text: String.fromCharCode(id) }));
    expect(first.answers.map((a) => [a.answer, a.rank, a.logit, a.token_logprobs])).toStrictEqual([
      ['c', 3, -0.99, [-0.99]],
      ['d', 4, -1, [-1]],
      ['cde', 3, -0.99, [-0.99, -1, -1.01]],
    ]);
    expect(first.answers[2].logprob).toBeCloseTo(-3, 12);
    expect(first.logit_diff).toBeCloseTo(0.01, 12);
    expect(first.top.map((t) => t.id)).toStrictEqual([97]);
    expect(second.answers[0].token_logprobs).toStrictEqual([-1.21, -1.22]);
    expect(second.prompt_tokens.map((t) => t.text).join('')).toBe('x');
  });
});

describe('GIVEN sequences that begin with the same prompt', () => {
  it('THEN the prompt runs once: its wanted rows merge every sequence\'s targets, and the longer sequences are its continuations', () => {
    const sequences = [[0, 97, 98], [0, 97, 98, 99, 100], [0, 120, 121]];
    const wanted = [[{ position: 2, targets: [99, 100] }], [{ position: 2, targets: [99] }, { position: 3, targets: [100] }, { position: 4, targets: [101] }], [{ position: 1, targets: [121] }, { position: 2, targets: [122] }]];
    const runs = prefixRuns(sequences, (seq) => [3, 3, 2][seq], (seq) => wanted[seq]);
    expect(runs).toStrictEqual([
      { ids: [0, 97, 98], rows: [{ position: 2, targets: [99, 100], seqs: [0, 1] }], continuations: [1] },
      { ids: [0, 120], rows: [{ position: 1, targets: [121], seqs: [2] }], continuations: [2] },
    ]);
  });
});

describe('GIVEN a left-padded batch already run and continuations of its rows', () => {
  it('THEN the continuation batch is left-padded, its mask is each row\'s earlier mask then its own, and positions go on from each row\'s real length', () => {
    const earlier = leftPad([[5, 6, 7], [8]], 0);
    const { batch, attentionMask } = continuationBatch(earlier, [{ row: 1, tokens: [9, 10], start: 1 }, { row: 0, tokens: [11], start: 3 }, { row: 1, tokens: [12], start: 1 }], 0);
    expect(batch.width).toBe(2);
    expect([...batch.inputIds]).toStrictEqual([9n, 10n, 0n, 11n, 0n, 12n]);
    expect([...attentionMask]).toStrictEqual([0n, 0n, 1n, 1n, 1n, 1n, 1n, 1n, 0n, 1n, 0n, 0n, 1n, 0n, 1n]);
    expect([...batch.positionIds].filter((_, k) => batch.attentionMask[k] === 1n)).toStrictEqual([1n, 2n, 3n, 1n]);
  });

  it('THEN each continuation\'s past is its row of the cache, copied (a row may repeat)', () => {
    const data = Float32Array.from({ length: 2 * 1 * 3 * 2 }, (_, i) => i);
    const cache = { length: 3, tensors: { 'past_key_values.0.key': new ort.Tensor('float32', data, [2, 1, 3, 2]) } };
    const picked = selectCacheRows(cache, [1, 0, 1]);
    const t = picked.tensors['past_key_values.0.key'];
    expect(t.dims).toStrictEqual([3, 1, 3, 2]);
    expect([...(t.data as Float32Array)]).toStrictEqual([6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(picked.length).toBe(3);
  });
});
