import { describe, expect, it } from 'vitest';
import { ScoringEngine } from '../../../models/scoring-engine.ts';
import { fixtureEngine, readReference } from '../../helpers/fixture-model.ts';

const PROMPTS = [
  'Hi',
  ...readReference().prompts.map((p) => p.text),
  ' former continue previous quest leg adv prot fil weeks hours made mom former continue previous quest leg adv prot fil weeks hours made',
];

describe('GIVEN prompts of different lengths', () => {
  it('THEN one left-padded batch gives the same log-probs as one prompt at a time, within 1e-4', async () => {
    const batched = await fixtureEngine();
    const single = new ScoringEngine(batched.loaded, { maxBatchSize: 1 });
    const many = await batched.tokenLogprobs(PROMPTS);
    const lengths = new Set(many.map((r) => r.tokens.length));
    expect(lengths.size).toBeGreaterThan(3); // the batch really mixes lengths, so padding happens
    let worst = 0;
    for (let i = 0; i < PROMPTS.length; i++) {
      const [alone] = await single.tokenLogprobs([PROMPTS[i]]);
      expect(alone.tokens.map((t) => t.id)).toStrictEqual(many[i].tokens.map((t) => t.id));
      alone.tokens.forEach((t, j) => {
        worst = Math.max(worst, Math.abs(t.logprob! - many[i].tokens[j].logprob!));
        // deep in the tail, logits 1e-5 apart swap places: ranks agree exactly near the top only
        if (t.rank! <= 1000) expect(many[i].tokens[j].rank).toBe(t.rank);
        else expect(Math.abs(t.rank! - many[i].tokens[j].rank!)).toBeLessThanOrEqual(t.rank! / 1000);
      });
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('THEN batched next-token distributions equal single ones, within 1e-4', async () => {
    const batched = await fixtureEngine();
    const single = new ScoringEngine(batched.loaded, { maxBatchSize: 1 });
    const many = await batched.nextTokens(PROMPTS, { topK: 5 });
    for (let i = 0; i < PROMPTS.length; i++) {
      const [alone] = await single.nextTokens([PROMPTS[i]], { topK: 5 });
      expect(alone.top.map((t) => t.id)).toStrictEqual(many[i].top.map((t) => t.id));
      alone.top.forEach((t, k) => expect(Math.abs(t.logprob - many[i].top[k].logprob)).toBeLessThan(1e-4));
    }
  });

  it('THEN scoring many items in one call equals scoring them one by one', async () => {
    const engine = await fixtureEngine();
    const items = PROMPTS.map((prompt) => ({ prompt, answers: [' the', ' and'] }));
    const many = await engine.scoreMany(items);
    for (let i = 0; i < items.length; i++) {
      const alone = await engine.score(items[i].prompt, items[i].answers);
      alone.answers.forEach((a, k) => {
        expect(Math.abs(a.logprob - many[i].answers[k].logprob)).toBeLessThan(1e-4);
        expect(a.rank).toBe(many[i].answers[k].rank);
      });
      expect(Math.abs(alone.logit_diff! - many[i].logit_diff!)).toBeLessThan(1e-4);
    }
  });
});
