import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { baselineEngines, readBaselineCorpusText } from '../../../models/baselines/baseline-engines.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

const PROMPTS = [
  { prompt: ' cat dog bird cat dog', answers: [' bird', ' fish', ' dog cat'] },
  { prompt: '<div><p>Some text</', answers: ['p>', 'div>'] },
];

describe('baseline models', () => {
  it('GIVEN the fast per-token path THEN it gives the very log-probs the scoring engine reads from their logits rows', async () => {
    const engine = await fixtureEngine();
    const corpus = engine.encode('the cat sat on the mat. the dog sat on the cat. '.repeat(20));
    for (const b of baselineEngines(engine.loaded, corpus)) {
      const results = await b.engine.scoreMany(PROMPTS, { alternatives: false });
      results.forEach((r) => {
        const context = [engine.loaded.bosId, ...r.prompt_tokens.map((t) => t.id)];
        for (const a of r.answers) expect(b.lm.sequenceLogProb(context, a.token_ids)).toBeCloseTo(a.logprob, 4);
      });
    }
  });

  it('GIVEN a prompt THEN the copier spreads its probability over the tokens in it, by count', async () => {
    const engine = await fixtureEngine();
    const copier = baselineEngines(engine.loaded).find((b) => b.name === 'copier')!;
    const [r] = await copier.engine.scoreMany([{ prompt: ' cat dog cat', answers: [' cat', ' dog', ' fish'] }], { alternatives: false });
    const [cat, dog, fish] = r.answers.map((a) => a.prob);
    expect(cat).toBeCloseTo((2 / 3) * (1 - 1e-3), 5);
    expect(dog).toBeCloseTo((1 / 3) * (1 - 1e-3), 5);
    expect(fish).toBeLessThan(1e-7);
  });

  it('GIVEN the unigram THEN its distribution is the same after any context; the bigram follows the corpus', async () => {
    const engine = await fixtureEngine();
    const corpus = engine.encode(' red apple'.repeat(50) + ' green tree'.repeat(50));
    const [, unigram, bigram] = baselineEngines(engine.loaded, corpus);
    const apple = engine.encode(' apple')[0];
    expect(unigram.lm.logProbOf(engine.encode(' red'), apple)).toBe(unigram.lm.logProbOf(engine.encode(' green'), apple));
    expect(bigram.name).toBe('bigram');
    expect(bigram.lm.logProbOf(engine.encode(' red'), apple)).toBeGreaterThan(Math.log(0.8));
    expect(bigram.lm.logProbOf(engine.encode(' green'), apple)).toBeLessThan(Math.log(0.1));
  });
});

describe('reading a baseline corpus (before any model is loaded)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hunt-baseline-corpus-'));
  const empty = path.join(dir, 'empty.txt');
  writeFileSync(empty, '  \n');
  const missing = path.join(dir, 'missing.txt');

  it.each([
    ['missing', missing, `cannot read the baseline corpus ${missing} (ENOENT): give a readable text file`],
    ['empty', empty, `the baseline corpus ${empty} is empty: give a text file to count tokens in`],
  ])('GIVEN a %s file THEN one line says what is wrong with it', async (_, file, message) => {
    await expect(readBaselineCorpusText(file)).rejects.toThrow(message);
  });
});
