import { describe, expect, test } from 'vitest';
import { featureBit } from '../../../discover/context-features.ts';
import type { DiscoverPartial, KeptWin, PartialCell } from '../../../discover/discover-partial.ts';
import { mergePartials } from '../../../discover/merge-partials.ts';

const INDUCTION = featureBit('seen-before') | featureBit('follows-same-token');
const SEEN = featureBit('seen-before');
const options = { minWins: 5, examples: 3, instances: 10, seed: 0 };

function kept(doc: number, answer: string): KeptWin {
  return {
    doc_index: doc,
    at: 5,
    example: { doc: `c.txt#${doc}`, prompt_tail: ' a b c a b', actual: answer, p_model: 0.9, p_ngram: 0.001, p_short: 0.001, features: ['seen-before', 'follows-same-token'] },
    instance: { prompt: ' a b c a b', answer },
  };
}

function partial(index: number, count: number, cells: PartialCell[], over: Partial<DiscoverPartial> = {}): DiscoverPartial {
  return {
    kind: 'hunt-discover-partial',
    version: 1,
    model: 'local:tiny-gpt2',
    corpus: 'txt file c.txt',
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
  test('GIVEN two shards THEN their tallies add up and the candidate is decided on the whole', () => {
    const a = partial(0, 2, [{ mask: INDUCTION, shape: 'word>word', positions: 50, wins: 3, kept: [kept(0, ' x'), kept(2, ' y'), kept(4, ' z')] }, { mask: 0, shape: 'word>word', positions: 400, wins: 0, kept: [] }]);
    const b = partial(1, 2, [{ mask: INDUCTION, shape: 'word>word', positions: 50, wins: 4, kept: [kept(1, ' p'), kept(3, ' q'), kept(5, ' r'), kept(7, ' s')] }, { mask: SEEN, shape: 'word>word', positions: 100, wins: 0, kept: [] }]);
    // neither shard alone has 5 wins; together they clear the bar
    expect(mergePartials([a], options).report.candidates).toStrictEqual([]);
    const { report, instances } = mergePartials([a, b], options);
    expect(report).toMatchObject({ shards: '0, 1 of 2', docs: 20, bytes: 1_000_000, positions: 600, wins: 7, seconds: 2 });
    expect(report.candidates.map((c) => [c.id, c.wins, c.positions, c.per_mb])).toStrictEqual([['induction-word-word', 7, 100, 7]]);
    // every kept win, in corpus order; the examples are the first of them
    expect(instances.get('induction-word-word')!.map((i) => i.answer)).toStrictEqual([' x', ' p', ' y', ' q', ' z', ' r', ' s']);
    expect(report.candidates[0].examples.map((e) => e.actual)).toStrictEqual([' x', ' p', ' y']);
  });

  test('GIVEN cells that kept samples of very different win counts THEN the candidate\'s sample draws from each in proportion to its wins', () => {
    const many = Array.from({ length: 10 }, (_, i) => kept(i, ' many'));
    const few = Array.from({ length: 10 }, (_, i) => kept(100 + i, ' few'));
    const cells: PartialCell[] = [
      { mask: INDUCTION, shape: 'word>word', positions: 5000, wins: 1000, kept: many },
      { mask: INDUCTION, shape: 'word>word', positions: 50, wins: 10, kept: few },
      { mask: SEEN, shape: 'word>word', positions: 5000, wins: 0, kept: [] },
      { mask: 0, shape: 'word>word', positions: 5000, wins: 0, kept: [] },
    ];
    const { instances } = mergePartials([partial(0, 2, cells.slice(0, 1)), partial(1, 2, cells.slice(1))], options);
    const drawn = instances.get('induction-word-word')!.map((i) => i.answer);
    expect(drawn).toHaveLength(10);
    expect(drawn.filter((a) => a === ' many').length).toBeGreaterThanOrEqual(9);
  });

  test.each<[string, DiscoverPartial[], string]>([
    ['another model', [partial(0, 2, []), partial(1, 2, [], { model: 'Xenova/gpt2' })], 'the partial results come from different scans: model "Xenova/gpt2" vs "local:tiny-gpt2"'],
    ['another rule', [partial(0, 2, []), partial(1, 2, [], { rule: { min_prob: 0.1, margin: 1.6, short_context: 4 } })], 'the partial results come from different scans: their win rules or shard counts differ'],
    ['a shard twice', [partial(1, 2, []), partial(1, 2, [])], 'shard 1 is given twice'],
  ])('GIVEN %s THEN the merge is refused, saying why', (_, partials, message) => {
    expect(() => mergePartials(partials, options)).toThrow(message);
  });
});
