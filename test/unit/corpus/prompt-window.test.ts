import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpusTokenizer, type CorpusTokenizer } from '../../../corpus/load-tokenizer.ts';
import { fitPromptLeft } from '../../../corpus/prompt-window.ts';
import { resolveModelSource } from '../../../models/model-source.ts';
import { FIXTURE_MODEL } from '../../helpers/fixture-model.ts';

let gpt2: CorpusTokenizer;
beforeAll(async () => {
  // the fixture folder holds the real GPT-2 tokenizer (see its README)
  gpt2 = await loadCorpusTokenizer(resolveModelSource({ model: FIXTURE_MODEL }));
});

describe('cutting a prompt on the left to fit the context', () => {
  it('GIVEN the fixture tokenizer THEN it is GPT-2 with a 1024-token context', () => {
    expect(gpt2.contextLength).toBe(1024);
    expect(gpt2.encode('Hello world')).toStrictEqual([15496, 995]);
  });

  it('GIVEN a prompt that fits THEN it is kept whole', () => {
    expect(fitPromptLeft('a b c d', 10, gpt2)).toStrictEqual({ text: 'a b c d', cutChars: 0 });
  });

  it('GIVEN a short prompt over the room THEN the last tokens are kept, cut at a token boundary', () => {
    expect(fitPromptLeft('a b c d', 2, gpt2)).toStrictEqual({ text: ' c d', cutChars: 3 });
  });

  it('GIVEN a 60,000-character document THEN the cut keeps exactly the whole text\'s last tokens and fits', () => {
    const words = Array.from({ length: 10_000 }, (_, i) => ['the', 'naïve', 'Zürich', '🙂', 'antidisestablishment', 'of'][i % 6]);
    const prompt = words.join(' ');
    const room = 1000;
    const fitted = fitPromptLeft(prompt, room, gpt2);
    const whole = gpt2.encode(prompt);
    expect(prompt.endsWith(fitted.text)).toBe(true);
    expect(fitted.cutChars).toBe(prompt.length - fitted.text.length);
    const kept = gpt2.encode(fitted.text);
    expect(kept.length).toBeLessThanOrEqual(room);
    expect(kept.length).toBeGreaterThan(room - 4);
    // the kept tokens are the whole text's last tokens: the cut is at one of its token boundaries
    expect(whole.slice(whole.length - kept.length)).toStrictEqual(kept);
  });

  it('GIVEN a token that would start inside a multi-byte character THEN the cut moves right, never splitting it', () => {
    const prompt = '🙂'.repeat(50);
    const fitted = fitPromptLeft(prompt, 5, gpt2);
    expect(fitted.text).toMatch(/^(🙂)+$/u);
    expect(gpt2.encode(fitted.text).length).toBeLessThanOrEqual(5);
  });
});
