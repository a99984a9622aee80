import { describe, expect, it } from 'vitest';
import { InputError } from '../../../common/errors.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';

const IOI = 'When John and Mary went to the store, Mary gave a flower to';

function logSoftmaxAt(row: Float32Array, id: number): number {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  return row[id] - (max + Math.log(sum));
}

describe('GIVEN an answer of two tokens', () => {
  it('THEN its log-prob is the sum of its two step-wise log-probs, each from its own forward pass', async () => {
    const engine = await fixtureEngine();
    const answer = ' Tchaikovsky';
    const ids = engine.encode(IOI + answer).slice(engine.encode(IOI).length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    const twoTokens = engine.decode(ids.slice(0, 2));
    const scored = await engine.score(IOI, [twoTokens]);
    expect(scored.answers[0].token_ids).toStrictEqual(ids.slice(0, 2));

    // step 1: the prompt alone; step 2: the prompt plus the first answer token, as a separate pass
    const [step1] = await engine.positionLogits([IOI]);
    const [step2] = await engine.positionLogits([IOI + engine.decode([ids[0]])]);
    expect(step2.input_ids.slice(-1)).toStrictEqual([ids[0]]);
    const lp1 = logSoftmaxAt(step1.rows.at(-1)!, ids[0]);
    const lp2 = logSoftmaxAt(step2.rows.at(-1)!, ids[1]);
    expect(Math.abs(scored.answers[0].token_logprobs[0] - lp1)).toBeLessThan(1e-4);
    expect(Math.abs(scored.answers[0].token_logprobs[1] - lp2)).toBeLessThan(1e-4);
    expect(Math.abs(scored.answers[0].logprob - (lp1 + lp2))).toBeLessThan(1e-4);
    expect(scored.answers[0].prob).toBeCloseTo(Math.exp(lp1 + lp2), 10);
  });
});

describe('GIVEN two answers', () => {
  it('THEN the logit difference is the first tokens’ logit difference and ranks agree with the distribution', async () => {
    const engine = await fixtureEngine();
    const scored = await engine.score(IOI, [' John', ' Mary']);
    const [positions] = await engine.positionLogits([IOI]);
    const last = positions.rows.at(-1)!;
    expect(scored.answers[0].token_ids).toStrictEqual([1757]);
    expect(Math.abs(scored.logit_diff! - (last[1757] - last[5335]))).toBeLessThan(1e-5);
    const higher = [...last].filter((v) => v > last[1757]).length;
    expect(scored.answers[0].rank).toBe(higher + 1);
    expect(scored.top[0].id).toBe([...last.keys()].reduce((best, i) => (last[i] > last[best] ? i : best), 0));
  });
});

describe('GIVEN an answer whose leading space is ambiguous', () => {
  it('THEN an answer without a space after a prompt without one is scored as written, with the spaced spelling as alternative', async () => {
    const engine = await fixtureEngine();
    const scored = await engine.score(IOI, ['John']);
    const [a] = scored.answers;
    expect(a.token_ids).toStrictEqual(engine.encode('John'));
    expect(a.note).toMatch(/no leading space/);
    expect(a.alternative?.answer).toBe(' John');
    expect(a.alternative?.token_ids).toStrictEqual([1757]);
  });

  it('THEN a prompt ending in a space reports the BPE merge across the boundary and says what to do', async () => {
    const engine = await fixtureEngine();
    const scored = await engine.score(`${IOI} `, ['John']);
    expect(scored.answers[0].boundary_merge).toBe(true);
    expect(scored.answers[0].note).toMatch(/move it into the answer/);
    expect(scored.answers[0].token_ids).toStrictEqual(engine.encode('John'));
  });

  it('THEN an answer with its leading space after a plain prompt has neither note nor alternative', async () => {
    const engine = await fixtureEngine();
    const [a] = (await engine.score(IOI, [' John'])).answers;
    expect(a.boundary_merge).toBe(false);
    expect(a.note).toBeUndefined();
    expect(a.alternative).toBeUndefined();
  });
});

describe('GIVEN the <|endoftext|> option', () => {
  it('THEN it is prepended by default and the output says so; turned off, the first token has no prediction', async () => {
    const engine = await fixtureEngine();
    const [withBos] = await engine.tokenLogprobs(['Hello world']);
    const [without] = await engine.tokenLogprobs(['Hello world'], { prependBos: false });
    expect(withBos.bos).toBe(true);
    expect(withBos.tokens.map((t) => t.id)).toStrictEqual([15496, 995]);
    expect(withBos.tokens[0].logprob).not.toBeNull();
    expect(without.bos).toBe(false);
    expect(without.tokens[0].logprob).toBeNull();
    expect(without.tokens[1].logprob).not.toBeNull();
    expect(without.tokens[1].logprob).not.toBeCloseTo(withBos.tokens[1].logprob!, 3);
  });
});

describe('GIVEN bad input', () => {
  it('THEN an empty prompt fails with a clear InputError', async () => {
    const engine = await fixtureEngine();
    await expect(engine.nextTokens([''])).rejects.toThrow(InputError);
    await expect(engine.nextTokens([''])).rejects.toThrow(/prompt is empty/);
  });

  it('THEN a prompt longer than the context fails, and with truncation keeps the last tokens', async () => {
    const engine = await fixtureEngine();
    const long = ' hello'.repeat(engine.contextLength + 10);
    await expect(engine.nextTokens([long])).rejects.toThrow(/over the model's context of 1024.*--truncate/);
    const [cut] = await engine.nextTokens([long], { truncate: true });
    expect(cut.truncated).toBe(11); // 1034 tokens, 1023 fit after <|endoftext|>
    expect(cut.prompt_tokens).toHaveLength(engine.contextLength - 1);
  });

  it('THEN top-k of 0 and an empty answer are refused', async () => {
    const engine = await fixtureEngine();
    await expect(engine.nextTokens(['Hi'], { topK: 0 })).rejects.toThrow(/top must be a whole number/);
    await expect(engine.score('Hi', [''])).rejects.toThrow(/answer is empty/);
  });
});

describe('GIVEN a continuation request', () => {
  it('THEN greedy decoding follows the argmax at every step', async () => {
    const engine = await fixtureEngine();
    const prompt = ' former continue previous quest leg adv prot fil weeks former continue previous';
    const [greedy] = await engine.generate([prompt], { maxNewTokens: 4 });
    expect(greedy.tokens).toHaveLength(4);
    let text = prompt;
    for (const token of greedy.tokens) {
      const [next] = await engine.nextTokens([text], { topK: 1 });
      expect(next.top[0].id).toBe(token.id);
      text += token.text;
    }
  });

  it('THEN sampling with the same seed gives the same text, another seed and greedy decoding other text, and a near-zero temperature the greedy text', async () => {
    const engine = await fixtureEngine();
    const ids = async (sample?: { seed?: number; temperature?: number }) => (await engine.generate(['The'], { maxNewTokens: 8, sample }))[0].tokens.map((t) => t.id);
    const greedy = await ids();
    const seven = await ids({ seed: 7 });
    expect(await ids({ seed: 7 })).toStrictEqual(seven);
    // sampling really samples: neither the seed nor the sampler is ignored
    expect(await ids({ seed: 8 })).not.toStrictEqual(seven);
    expect(seven).not.toStrictEqual(greedy);
    // and the temperature reaches the sampler: nearly cold, it picks the argmax every time
    expect(await ids({ seed: 7, temperature: 1e-3 })).toStrictEqual(greedy);
  });
});
