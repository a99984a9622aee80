import { describe, expect, test } from 'vitest';
import { featureBit } from '../../../discover/context-features.ts';
import { discoverPartialSchema, type DiscoverPartial, type KeptWin, type PartialCell, type SampledPosition } from '../../../discover/discover-partial.ts';
import { mergePartials } from '../../../discover/merge-partials.ts';

const INDUCTION = featureBit('seen-before') | featureBit('follows-same-token');
const SEEN = featureBit('seen-before');
const options = { minWins: 5, examples: 3, instances: 10, seed: 0 };

function kept(doc: number, answer: string): KeptWin {
  return {
    doc_index: doc,
    at: 5,
    example: { doc: `c.txt#${doc}`, prompt_tail: ' a b c a b', actual: answer, p_model: 0.9, p_ngram: 0.001, p_short: 0.001, features: ['seen-before', 'follows-same-token'] },
  };
}

function sampled(doc: number, answer: string): SampledPosition {
  return { doc_index: doc, at: 5, instance: { prompt: ' a b c a b', answer } };
}

function partial(index: number, count: number, cells: PartialCell[], over: Partial<DiscoverPartial> = {}): DiscoverPartial {
  return {
    kind: 'hunt-discover-partial',
    version: 2,
    model: 'local:tiny-gpt2',
    corpus: 'txt file c.txt',
    read: 'text field "text", .txt documents blank-line',
    n_docs: 20,
    shard: { index, count },
    window: 1023,
    rule: { min_prob: 0.3, margin: 1.6, short_context: 4 },
    ngram: 'interpolated trigram of the scanned corpus, each document left out of its own counts',
    docs: 10,
    bytes: 500_000,
    tokens: 1000,
    positions: cells.reduce((s, c) => s + c.positions, 0),
    wins: cells.reduce((s, c) => s + c.wins, 0),
    seconds: 2,
    seconds_model: 1.5,
    cells,
    ...over,
  };
}

describe('merging the shards of a scan', () => {
  test('GIVEN two shards THEN their tallies add up, the candidate is decided on the whole, and its instances are sampled positions, wins or not', () => {
    const a = partial(0, 2, [
      { mask: INDUCTION, shape: 'word>word', positions: 5, wins: 3, kept: [kept(0, ' x'), kept(2, ' y'), kept(4, ' z')], sampled: [sampled(0, ' x'), sampled(0, ' no'), sampled(2, ' y'), sampled(4, ' z'), sampled(4, ' nope')] },
      { mask: 0, shape: 'word>word', positions: 400, wins: 0, kept: [], sampled: [] },
    ]);
    const b = partial(1, 2, [
      { mask: INDUCTION, shape: 'word>word', positions: 4, wins: 4, kept: [kept(1, ' p'), kept(3, ' q'), kept(5, ' r'), kept(7, ' s')], sampled: [sampled(1, ' p'), sampled(3, ' q'), sampled(5, ' r'), sampled(7, ' s')] },
      { mask: SEEN, shape: 'word>word', positions: 100, wins: 0, kept: [], sampled: [] },
    ]);
    // neither shard alone has 5 wins; together they clear the bar
    expect(mergePartials([a], options).report.candidates).toStrictEqual([]);
    const { report, instances } = mergePartials([a, b], options);
    expect(report).toMatchObject({ shards: '0, 1 of 2', docs: 20, bytes: 1_000_000, positions: 509, wins: 7, seconds: 2 });
    expect(report.candidates.map((c) => [c.id, c.wins, c.positions, c.per_mb])).toStrictEqual([['induction-word-word', 7, 9, 7]]);
    // every sampled position (9 ≤ the 10 asked for), the two that were not wins among them, in corpus order
    expect(instances.get('induction-word-word')!.map((i) => i.answer)).toStrictEqual([' x', ' no', ' p', ' y', ' q', ' z', ' nope', ' r', ' s']);
    // the examples are wins only
    const examples = report.candidates[0].examples.map((e) => e.actual);
    expect(examples).toHaveLength(3);
    for (const e of examples) expect([' x', ' y', ' z', ' p', ' q', ' r', ' s']).toContain(e);
  });

  test("GIVEN cells that sampled very different numbers of positions THEN the candidate's instances draw from each in proportion to its positions, and its examples in proportion to its wins", () => {
    const cells: PartialCell[] = [
      // many positions, few of them wins
      { mask: INDUCTION, shape: 'word>word', positions: 5000, wins: 20, kept: Array.from({ length: 10 }, (_, i) => kept(i, ' big')), sampled: Array.from({ length: 10 }, (_, i) => sampled(i, ' big')) },
      // few positions, most of them wins
      { mask: INDUCTION, shape: 'word>word', positions: 50, wins: 40, kept: Array.from({ length: 10 }, (_, i) => kept(100 + i, ' small')), sampled: Array.from({ length: 10 }, (_, i) => sampled(100 + i, ' small')) },
      { mask: SEEN, shape: 'word>word', positions: 5000, wins: 0, kept: [], sampled: [] },
      { mask: 0, shape: 'word>word', positions: 5000, wins: 0, kept: [], sampled: [] },
    ];
    const { report, instances } = mergePartials([partial(0, 2, cells.slice(0, 1)), partial(1, 2, cells.slice(1))], { ...options, examples: 10 });
    const drawn = instances.get('induction-word-word')!.map((i) => i.answer);
    expect(drawn).toHaveLength(10);
    expect(drawn.filter((a) => a === ' big').length).toBeGreaterThanOrEqual(9);
    // 40 of the 60 wins are in the small cell: the examples lean to it
    expect(report.candidates[0].examples.filter((e) => e.actual === ' small').length).toBeGreaterThanOrEqual(5);
  });

  test.each<[string, DiscoverPartial[], string]>([
    ['another model', [partial(0, 2, []), partial(1, 2, [], { model: 'Xenova/gpt2' })], 'the partial results come from different scans: model "Xenova/gpt2" vs "local:tiny-gpt2"'],
    ['another rule', [partial(0, 2, []), partial(1, 2, [], { rule: { min_prob: 0.1, margin: 1.6, short_context: 4 } })], 'the partial results come from different scans: their win rules or shard counts differ'],
    ['a shard twice', [partial(1, 2, []), partial(1, 2, [])], 'shard 1 is given twice'],
    ['another --n-docs', [partial(0, 2, []), partial(1, 2, [], { n_docs: 40 })], 'the partial results come from different scans: n_docs "40" vs "20"'],
    ['another way of reading the corpus', [partial(0, 2, []), partial(1, 2, [], { read: 'text field "body", .txt documents blank-line' })], 'the partial results come from different scans: read "text field "body", .txt documents blank-line" vs'],
  ])('GIVEN %s THEN the merge is refused, saying why', (_, partials, message) => {
    expect(() => mergePartials(partials, options)).toThrow(message);
  });
});

describe('reading a partial result back', () => {
  const cell = (positions: number, wins: number): PartialCell => ({ mask: INDUCTION, shape: 'word>word', positions, wins, kept: [], sampled: [] });
  test('GIVEN a partial as a scan writes it THEN it parses', () => {
    expect(discoverPartialSchema.safeParse(partial(1, 2, [cell(10, 3)])).success).toBe(true);
  });

  test.each<[string, DiscoverPartial, string]>([
    ['a shard index not below the count ("5 of 4")', partial(5, 4, [cell(10, 3)]), 'the shard index must be below the shard count'],
    ['more wins than positions (a 300% win rate)', partial(0, 1, [cell(10, 30)]), 'a cell has more wins than positions'],
    ['totals the cells do not add up to', partial(0, 1, [cell(10, 3)], { positions: 11 }), "the cells' positions and wins do not add up to the totals"],
    ['more kept wins than wins', partial(0, 1, [{ ...cell(10, 0), kept: [kept(0, ' x')] }]), 'a cell keeps more samples than it counted'],
    ['no time taken (Infinity per second)', partial(0, 1, [cell(10, 3)], { seconds: 0 }), 'seconds'],
  ])('GIVEN %s THEN it is refused, saying why', (_, data, message) => {
    const parsed = discoverPartialSchema.safeParse(data);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});
