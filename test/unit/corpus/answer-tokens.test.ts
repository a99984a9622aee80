import { beforeAll, describe, expect, it } from 'vitest';
import { alignAnswerStart, firstTokenFolded } from '../../../corpus/answer-tokens.ts';
import { loadCorpusTokenizer, type CorpusTokenizer } from '../../../corpus/load-tokenizer.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

let gpt2: CorpusTokenizer;
beforeAll(async () => {
  gpt2 = await loadCorpusTokenizer(resolveModelSource({ model: FIXTURE_MODEL }));
});

/** Where GPT-2's tokens of a word end, in characters, counted from the real tokenization (the check on the function). */
function boundaries(word: string): number[] {
  const ids = gpt2.encode(word);
  const ends: number[] = [];
  for (let k = 1; k <= ids.length; k++) {
    const prefix = gpt2.decode(ids.slice(0, k));
    if (!prefix.endsWith('\ufffd')) ends.push(prefix.length);
  }
  return ends;
}

describe('moving an answer point to a GPT-2 token boundary', () => {
  it('GIVEN "Sprickerhof" cut after " S" THEN the point moves to the end of " Spr", one token', () => {
    expect(alignAnswerStart('Martin Sprickerhof', 8, gpt2)).toBe(10);
  });

  it.each([' Žižek', ' Dvořák', ' Σωκράτης', ' Чайковский', ' Łódź', ' Tchaikovsky'])(
    'GIVEN "%s", whose letters GPT-2 splits into byte tokens, cut at every character THEN the point lands on the next real token boundary',
    (word) => {
      const text = `the name${word} here`;
      const start = 'the name'.length;
      const ends = boundaries(word).map((e) => start + e);
      for (let offset = start + 2; offset < start + word.length; offset++) {
        const expected = ends.find((e) => e >= offset)!;
        expect({ offset, at: alignAnswerStart(text, offset, gpt2) }).toStrictEqual({ offset, at: expected });
      }
    },
  );
});

describe('the first token, case-folded (lenient agreement)', () => {
  it('GIVEN " Smith@x.org" THEN it is " smith"', () => {
    expect(firstTokenFolded(' Smith@x.org', gpt2)).toBe(' smith');
  });

  it('GIVEN " Žižek" and " Łódź", whose first tokens are bytes of different letters THEN they differ (not both U+FFFD)', () => {
    expect(firstTokenFolded(' Žižek', gpt2)).toBe(' ž');
    expect(firstTokenFolded(' Łódź', gpt2)).toBe(' ł');
  });
});
