import { describe, expect, it } from 'vitest';
import { answerTokens, type Encode } from '../../../models/answer-tokens.ts';

// A toy word-level encoder: a leading space belongs to the next word, as in GPT-2's BPE.
const vocab = new Map<string, number>();
const encode: Encode = (text) =>
  (text.match(/ ?[A-Za-z]+| ?[^A-Za-z ]+| +/g) ?? []).map((piece) => {
    if (!vocab.has(piece)) vocab.set(piece, vocab.size + 1);
    return vocab.get(piece)!;
  });

describe('answer tokens', () => {
  it('GIVEN " John" after "gave it to" THEN the answer is exactly the tokens it adds', () => {
    const prompt = 'gave it to';
    const t = answerTokens(encode, encode(prompt), prompt, ' John');
    expect(t.ids).toStrictEqual(encode(' John'));
    expect(t.boundaryMerge).toBe(false);
    expect(t.alternative).toBeUndefined();
  });

  it('GIVEN "John" with no space after a prompt with none THEN it is flagged and " John" offered as alternative', () => {
    const prompt = 'gave it to';
    const t = answerTokens(encode, encode(prompt), prompt, 'John');
    expect(t.alternative).toBe(' John');
    expect(t.note).toMatch(/no leading space/);
    // this toy encoder glues "toJohn" into one word, as GPT-2's pre-tokenizer would: that is a merge too
    expect(t.boundaryMerge).toBe(true);
  });

  it('GIVEN a prompt ending in a space THEN the merge across the boundary is reported with a fix', () => {
    const prompt = 'gave it to ';
    const t = answerTokens(encode, encode(prompt), prompt, 'John');
    expect(t.boundaryMerge).toBe(true);
    expect(t.ids).toStrictEqual(encode('John'));
    expect(t.note).toMatch(/move it into the answer/);
  });

  it('GIVEN punctuation answers THEN no alternative spelling is invented', () => {
    const prompt = 'the case [';
    expect(answerTokens(encode, encode(prompt), prompt, ')').alternative).toBeUndefined();
  });
});
