import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { COMMON_WORDS } from '../../../tasks/vocab/common-words.ts';
import { COMPANIES } from '../../../tasks/vocab/companies.ts';
import { FIRST_NAMES } from '../../../tasks/vocab/first-names.ts';
import { LAST_NAMES } from '../../../tasks/vocab/last-names.ts';
import { NOUN_PAIRS } from '../../../tasks/vocab/noun-pairs.ts';
import { OBJECTS } from '../../../tasks/vocab/objects.ts';
import { ORG_FIELDS, ORG_KINDS, ORG_MODIFIERS } from '../../../tasks/vocab/organisation-words.ts';
import { PLACES } from '../../../tasks/vocab/places.ts';
import { RARE_SURNAMES } from '../../../tasks/vocab/rare-surnames.ts';
import { MERGED_YEARS, YEAR_CENTURIES, YEAR_ENDING_MAX, YEAR_ENDING_MIN } from '../../../tasks/vocab/years.ts';

// The fixture folder holds the real GPT-2 tokenizer (OpenAI's BPE files); only the tokenizer is loaded here.
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/tiny-gpt2');
let tokenizer: PreTrainedTokenizer;
const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false });
const decode = (id: number): string => tokenizer.decode([id], { clean_up_tokenization_spaces: false });

beforeAll(async () => {
  env.allowRemoteModels = false;
  tokenizer = await AutoTokenizer.from_pretrained(fixture);
});

describe('the word lists, under the real GPT-2 tokenizer', () => {
  it('GIVEN the tokenizer THEN it is GPT-2\'s (" John" is 1757)', () => {
    expect(encode(' John')).toStrictEqual([1757]);
  });

  it.each([
    ['COMMON_WORDS', COMMON_WORDS],
    ['FIRST_NAMES', FIRST_NAMES],
    ['LAST_NAMES', LAST_NAMES],
    ['PLACES', PLACES],
    ['OBJECTS', OBJECTS],
    ['COMPANIES', COMPANIES],
    ['ORG_MODIFIERS', ORG_MODIFIERS],
    ['ORG_FIELDS', ORG_FIELDS],
    ['ORG_KINDS', ORG_KINDS],
    ['NOUN_PAIRS', NOUN_PAIRS.flat()],
  ])('GIVEN %s THEN every entry is one token with its leading space, and no entry repeats', (_, words) => {
    const multi = words.filter((w) => encode(` ${w}`).length !== 1);
    expect(multi).toStrictEqual([]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('GIVEN the rare surnames THEN each is three or more tokens and its listed head is exactly the first', () => {
    const wrong = RARE_SURNAMES.filter(([name, head]) => {
      const ids = encode(` ${name}`);
      return ids.length < 3 || decode(ids[0]) !== ` ${head}`;
    });
    expect(wrong).toStrictEqual([]);
    expect(RARE_SURNAMES.length).toBeGreaterThanOrEqual(100);
  });

  it('GIVEN the year centuries THEN every year they give is century + two digits, except exactly MERGED_YEARS (one token)', () => {
    const merged: number[] = [];
    const wrong: number[] = [];
    for (const century of YEAR_CENTURIES) {
      for (let ending = YEAR_ENDING_MIN; ending <= YEAR_ENDING_MAX; ending++) {
        const digits = String(ending).padStart(2, '0');
        const ids = encode(` ${century}${digits}`);
        if (ids.length === 1) merged.push(century * 100 + ending);
        else if (ids.map(decode).join('|') !== ` ${century}|${digits}`) wrong.push(century * 100 + ending);
      }
    }
    expect(wrong).toStrictEqual([]);
    expect(new Set(merged)).toStrictEqual(MERGED_YEARS);
  });
});

describe('generated prompts, under the real GPT-2 tokenizer', () => {
  it('GIVEN random-token induction prompts THEN each word is one token, so the repeat is a token-level repeat', () => {
    for (const instance of findBuiltinTask('induction-random-tokens')!.generate(seededRng(1), 50)) {
      const words = instance.meta!.words as string[];
      expect(encode(instance.prompt)).toHaveLength(words.length);
    }
  });

  it('GIVEN rare-name prompts THEN the prompt ends on the surname\'s first token and the answer adds the rest', () => {
    for (const instance of findBuiltinTask('induction-names')!.generate(seededRng(1), 50)) {
      const prompt = encode(instance.prompt);
      const full = encode(instance.prompt + (instance.meta!.expected as string));
      expect(full.slice(0, prompt.length)).toStrictEqual(prompt);
      expect(full.length - prompt.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('GIVEN greater-than prompts THEN the start year is century + two digits and the answer one two-digit token', () => {
    for (const instance of findBuiltinTask('greater-than')!.generate(seededRng(1), 200)) {
      const { century, start } = instance.meta as { century: number; start: number };
      const year = encode(` ${century}${String(start).padStart(2, '0')}`);
      expect(year.map(decode)).toStrictEqual([` ${century}`, String(start).padStart(2, '0')]);
      const prompt = encode(instance.prompt);
      expect(decode(prompt[prompt.length - 1])).toBe(` ${century}`);
    }
  });
});
