import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { leftPad, planBatches } from '../../../models/padded-batch.ts';
import { FIXTURE_POOL_WORDS } from '../../helpers/fixture-induction-task.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

const VOCAB = 50257;
const ENGLISH = 'the of and to in is was for on that with as by at from his her John Mary store school went gave said , . ! ? ( ) 1990 email @ - :'.split(' ');

/** 300 prompts of 1–40 words: pool words (what the fixture knows), English words and punctuation. */
function randomPrompts(n: number): string[] {
  const rng = seededRng(7);
  const words = [...FIXTURE_POOL_WORDS, ...ENGLISH];
  return Array.from({ length: n }, () => {
    const length = 1 + Math.floor(rng() * 40);
    return Array.from({ length }, () => words[Math.floor(rng() * words.length)]).join(' ');
  });
}

describe('GIVEN 300 random prompts', () => {
  const prompts = randomPrompts(300);

  it('THEN the graph engine and the transformers.js engine give the same logits at every position within 1e-4, in left-padded batches', async () => {
    const [graph, transformers] = await Promise.all([fixtureGraphEngine(), fixtureEngine()]);
    const sequences = prompts.map((p) => [50256, ...graph.encode(p)]);
    expect(sequences.map((s) => s.length - 1)).toStrictEqual(prompts.map((p) => transformers.encode(p).length));
    let worst = 0;
    let rows = 0;
    for (const group of planBatches(sequences.map((s) => s.length), 512, 32)) {
      const padded = leftPad(group.map((i) => sequences[i]), 50256);
      const [a, b] = await Promise.all([graph.loaded.logits(padded), transformers.loaded.logits(padded)]);
      group.forEach((seq, r) => {
        for (let c = padded.padOf[r]; c < padded.width; c++) {
          const at = (r * padded.width + c) * VOCAB;
          for (let v = 0; v < VOCAB; v++) worst = Math.max(worst, Math.abs(a[at + v] - b[at + v]));
          rows++;
        }
      });
    }
    expect(rows).toBe(sequences.reduce((s, q) => s + q.length, 0));
    expect(worst).toBeLessThan(1e-4);
  });

  it('THEN the scoring API answers the same on both: next tokens, answer scores and per-token log-probs', async () => {
    const [graph, transformers] = await Promise.all([fixtureGraphEngine(), fixtureEngine()]);
    const some = prompts.slice(0, 40);
    const [gNext, tNext] = await Promise.all([graph.nextTokens(some, { topK: 5 }), transformers.nextTokens(some, { topK: 5 })]);
    gNext.forEach((g, i) => {
      expect(g.prompt_tokens).toStrictEqual(tNext[i].prompt_tokens);
      g.top.forEach((t, k) => expect(Math.abs(t.logit - tNext[i].top[k].logit)).toBeLessThan(1e-4));
    });
    const items = some.map((prompt) => ({ prompt, answers: [' people', ' make love'] }));
    const [gScore, tScore] = await Promise.all([graph.scoreMany(items), transformers.scoreMany(items)]);
    gScore.forEach((g, i) => {
      expect(Math.abs(g.logit_diff! - tScore[i].logit_diff!)).toBeLessThan(1e-4);
      g.answers.forEach((a, k) => expect(Math.abs(a.logprob - tScore[i].answers[k].logprob)).toBeLessThan(1e-4));
    });
    const [gTok, tTok] = await Promise.all([graph.tokenLogprobs(some), transformers.tokenLogprobs(some)]);
    gTok.forEach((g, i) => g.tokens.forEach((t, k) => t.logprob !== null && expect(Math.abs(t.logprob - tTok[i].tokens[k].logprob!)).toBeLessThan(1e-4)));
  });
});
