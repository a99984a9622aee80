import { afterEach, describe, expect, it } from 'vitest';
import { leftPad } from '../../../models/padded-batch.ts';
import type { CausalLM } from '../../../models/causal-lm.ts';
import { ScoringEngine } from '../../../models/scoring-engine.ts';
import { scoredRowView } from '../../../models/row-view.ts';
import { fixtureEngine } from '../../helpers/fixture-model.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

// Different lengths, so the batch is left-padded; repeated phrases give the fixture's induction something to copy.
const PROMPTS = [
  'When John and Mary went to the store, Mary gave a flower to',
  ' alpha beta gamma delta alpha beta gamma delta alpha',
  'Hi',
  'The cat sat on the mat. The cat sat on the mat. The cat',
];

const saved = process.env.HUNT_KV_CACHE;
afterEach(() => {
  if (saved === undefined) delete process.env.HUNT_KV_CACHE;
  else process.env.HUNT_KV_CACHE = saved;
});

async function bothWays<T>(run: () => Promise<T>): Promise<[T, T]> {
  process.env.HUNT_KV_CACHE = '0';
  const uncached = await run();
  delete process.env.HUNT_KV_CACHE;
  return [uncached, await run()];
}

for (const [name, load] of [
  ['graph engine', fixtureGraphEngine],
  ['transformers.js engine (hub export with past_key_values)', fixtureEngine],
] as const) {
  describe(`GIVEN the fixture on the ${name}`, () => {
    it('THEN generate with the KV cache gives token-identical continuations to re-running the whole sequence, greedy and seeded sampling, batched with left padding', async () => {
      const engine: ScoringEngine = await load();
      expect(engine.loaded.cachedRowScores).toBeTypeOf('function');
      const [greedyA, greedyB] = await bothWays(() => engine.generate(PROMPTS, { maxNewTokens: 12 }));
      expect(greedyB).toStrictEqual(greedyA);
      const [sampledA, sampledB] = await bothWays(() => engine.generate(PROMPTS, { maxNewTokens: 12, sample: { seed: 9, topK: 40, temperature: 1.3 } }));
      expect(sampledB).toStrictEqual(sampledA);
      // not vacuous: sampling differs from greedy, and the induction prompt copies its pattern
      expect(sampledB.map((r) => r.text)).not.toStrictEqual(greedyB.map((r) => r.text));
      expect(new Set(greedyB.map((r) => r.text)).size).toBe(PROMPTS.length);
      expect(greedyB.every((r) => r.tokens.length === 12)).toBe(true);
    });

    it('THEN a cached step gives the log-normaliser and top logits of the full run within 1e-4', async () => {
      const engine: ScoringEngine = await load();
      const sequences = PROMPTS.map((p) => [50256, ...engine.encode(p)]);
      const next = [262, 1757, 11, 13]; // one more token per row
      const padded = leftPad(sequences, 50256);
      const first = await engine.loaded.cachedRowScores!({ batch: padded }, { rows: sequences.map((_, b) => b * padded.width + padded.width - 1), targets: [], topK: 1 });
      const B = sequences.length;
      const mask = new BigInt64Array(B * (padded.width + 1));
      sequences.forEach((s, b) => {
        mask.set(padded.attentionMask.subarray(b * padded.width, (b + 1) * padded.width), b * (padded.width + 1));
        mask[b * (padded.width + 1) + padded.width] = 1n;
      });
      const step = {
        batch: { batch: B, width: 1, inputIds: BigInt64Array.from(next, BigInt), positionIds: BigInt64Array.from(sequences, (s) => BigInt(s.length)), attentionMask: mask, padOf: [0, 0, 0, 0] },
        attentionMask: mask,
        past: first.cache,
      };
      const cached = await engine.loaded.cachedRowScores!(step, { rows: [0, 1, 2, 3], targets: next.map((id) => [id]), topK: 5 });
      const longer = sequences.map((s, b) => [...s, next[b]]);
      const full = leftPad(longer, 50256);
      const reference = await engine.loaded.rowScores!(full, { rows: longer.map((_, b) => b * full.width + full.width - 1), targets: next.map((id) => [id]), topK: 5 });
      let worst = 0;
      for (let b = 0; b < B; b++) {
        const a = scoredRowView(cached.scores, b, [next[b]]);
        const r = scoredRowView(reference, b, [next[b]]);
        worst = Math.max(worst, Math.abs(a.lse - r.lse), Math.abs(a.logit(next[b]) - r.logit(next[b])));
        expect(a.top(5).map((t) => t.id)).toStrictEqual(r.top(5).map((t) => t.id));
      }
      expect(worst).toBeLessThan(1e-4);
      expect(cached.cache.length).toBe(padded.width + 1);
    });
  });
}

describe('GIVEN a generation on the buffer cache', () => {
  for (const [name, load] of [
    ['graph engine', fixtureGraphEngine],
    ['transformers.js engine (its export rewritten with present_new.* outputs)', fixtureEngine],
  ] as const) {
    it(`WHEN 10 tokens are generated on the ${name} THEN the prompt's run makes buffers with room for every step, and each later step writes one column into the same buffers`, async () => {
      const shared: ScoringEngine = await load();
      const steps: { pastLength: number; capacity?: number; tensors: unknown[] }[] = [];
      const model: CausalLM = Object.create(shared.loaded);
      model.cachedRowScores = async (step, request, options) => {
        const out = await shared.loaded.cachedRowScores!(step, request, options);
        steps.push({ pastLength: step.past?.length ?? 0, capacity: out.cache.capacity, tensors: Object.values(out.cache.tensors) });
        expect(out.cache.length).toBe((step.past?.length ?? 0) + step.batch.width);
        return out;
      };
      const engine = new ScoringEngine(model);
      const prompts = PROMPTS.slice(0, 2);
      const width = Math.max(...prompts.map((p) => 1 + engine.encode(p).length));
      const [uncached, cached] = await bothWays(() => engine.generate(prompts, { maxNewTokens: 10 }));
      expect(cached).toStrictEqual(uncached);
      // the prompt's run, then 9 steps (the 10th token needs no run of its own)
      expect(steps).toHaveLength(10);
      expect(steps.every((s) => s.capacity === width + 9)).toBe(true);
      for (let s = 2; s < steps.length; s++) expect(steps[s].tensors.every((t, i) => t === steps[1].tensors[i])).toBe(true);
      expect(steps[1].tensors.every((t, i) => t === steps[0].tensors[i])).toBe(true);
    });
  }
});

describe('GIVEN prompts scored at every position with a tail budget of a few rows', () => {
  for (const [name, load] of [
    ['graph engine', fixtureGraphEngine],
    ['transformers.js engine', fixtureEngine],
  ] as const) {
    it(`WHEN HUNT_SCORE_TAIL_MB=2 on the ${name} THEN they are scored in column blocks on the cache, each token run once and no run's tail over the budget, with the log-probs of one run (within 1e-4) and its ranks`, async () => {
      const shared: ScoringEngine = await load();
      const runs: { rows: number; fed: number }[] = [];
      const model: CausalLM = Object.create(shared.loaded);
      model.cachedRowScores = (step, request, options) => {
        const mask = step.batch.attentionMask;
        runs.push({ rows: request.rows.length, fed: Array.from(mask.subarray(mask.length - step.batch.batch * step.batch.width)).filter((m) => m === 1n).length });
        return shared.loaded.cachedRowScores!(step, request, options);
      };
      const engine = new ScoringEngine(model);
      const whole = await engine.tokenLogprobs(PROMPTS);
      expect(runs).toHaveLength(0); // within the default budget: one run, no cache
      process.env.HUNT_SCORE_TAIL_MB = '2';
      let blocks;
      try {
        blocks = await engine.tokenLogprobs(PROMPTS);
      } finally {
        delete process.env.HUNT_SCORE_TAIL_MB;
      }
      // 2 MB holds 3 rows of logits and rank blocks (50,257 tokens): every run scored at most 3 rows
      expect(runs.length).toBeGreaterThan(5);
      expect(Math.max(...runs.map((r) => r.rows))).toBeLessThanOrEqual(3);
      const tokens = PROMPTS.reduce((n, p) => n + 1 + engine.encode(p).length, 0);
      expect(runs.reduce((n, r) => n + r.fed, 0)).toBe(tokens);
      let worst = 0;
      blocks.forEach((result, i) => {
        expect(result.tokens.map((t) => t.id)).toStrictEqual(whole[i].tokens.map((t) => t.id));
        result.tokens.forEach((t, k) => {
          const w = whole[i].tokens[k];
          worst = Math.max(worst, Math.abs((t.logprob ?? 0) - (w.logprob ?? 0)));
          if ((w.rank ?? 0) <= 1000) expect(t.rank).toBe(w.rank);
        });
      });
      expect(worst).toBeLessThan(1e-4);
      // not vacuous: every prompt's tokens after the first were scored
      expect(blocks.flatMap((r) => r.tokens).filter((t) => t.logprob !== null)).toHaveLength(tokens - PROMPTS.length);
    });
  }
});

describe('GIVEN a prompt that fills the context, scored at every position in column blocks', () => {
  for (const [name, load] of [
    ['graph engine', fixtureGraphEngine],
    ['transformers.js engine (an export whose causal mask is fixed at n_positions)', fixtureEngine],
  ] as const) {
    it(`WHEN HUNT_SCORE_TAIL_MB=40 on the ${name} THEN no run has more columns than the context and the log-probs equal one run's within 1e-4`, async () => {
      const shared: ScoringEngine = await load();
      const columns: number[] = [];
      const model: CausalLM = Object.create(shared.loaded);
      model.cachedRowScores = async (step, request, options) => {
        const out = await shared.loaded.cachedRowScores!(step, request, options);
        columns.push((step.past?.capacity ?? step.past?.length ?? 0) + step.batch.width);
        return out;
      };
      const engine = new ScoringEngine(model);
      const ids = engine.encode(' one two three four five'.repeat(300)).slice(0, engine.contextLength - 1);
      const prompt = engine.decode(ids);
      const whole = await engine.tokenLogprobs([prompt]);
      process.env.HUNT_SCORE_TAIL_MB = '40';
      let blocks;
      try {
        blocks = await engine.tokenLogprobs([prompt]);
      } finally {
        delete process.env.HUNT_SCORE_TAIL_MB;
      }
      expect(blocks[0].tokens).toHaveLength(engine.contextLength - 1); // BOS + the prompt fill the context
      expect(columns.length).toBeGreaterThan(10);
      expect(Math.max(...columns)).toBeLessThanOrEqual(engine.contextLength);
      let worst = 0;
      blocks[0].tokens.forEach((t, k) => (worst = Math.max(worst, Math.abs((t.logprob ?? 0) - (whole[0].tokens[k].logprob ?? 0)))));
      expect(worst).toBeLessThan(1e-4);
    });
  }
});

describe('GIVEN a batch whose longest prompt nearly fills the context and a short one beside it', () => {
  for (const [name, load] of [
    ['graph engine', fixtureGraphEngine],
    ['transformers.js engine', fixtureEngine],
  ] as const) {
    it(`WHEN both are continued past the point where the padded cache would outgrow n_positions on the ${name} THEN the cached continuation equals the uncached one and the long prompt stops at the context`, async () => {
      const shared: ScoringEngine = await load();
      // the shared model seen through a wrapper that records each cached run's columns (past + new)
      const columns: number[] = [];
      const capacities: (number | undefined)[] = [];
      const model: CausalLM = Object.create(shared.loaded);
      model.cachedRowScores = async (step, request, options) => {
        columns.push((step.past?.length ?? 0) + step.batch.width);
        const out = await shared.loaded.cachedRowScores!(step, request, options);
        capacities.push(out.cache.capacity);
        return out;
      };
      // a budget that puts both rows in one padded batch (the default's 512 tokens would not)
      const engine = new ScoringEngine(model, { maxBatchTokens: 4096 });
      const long = ' one two three four'.repeat(400);
      const ids = engine.encode(long).slice(0, engine.contextLength - 1 - 6); // BOS + prompt leave room for 6 new tokens
      const prompts = [engine.decode(ids), 'The cat sat on the mat. The cat'];
      expect(engine.encode(prompts[0])).toHaveLength(ids.length);
      const [uncached, cached] = await bothWays(() => engine.generate(prompts, { maxNewTokens: 9 }));
      expect(cached).toStrictEqual(uncached);
      expect(cached.map((r) => r.tokens.length)).toStrictEqual([6, 9]);
      // the short row went on after the long one stopped, in a cache that never outgrew the context
      // (without the rule: 1,018 + 8 = 1,026 columns): the group started over once, on the short row alone
      expect(columns).toHaveLength(9);
      expect(Math.max(...columns)).toBe(engine.contextLength);
      expect(columns.filter((c, i) => i > 0 && c < columns[i - 1])).toHaveLength(1);
      // the buffers stop one short of the context (past + 1 new column must fit an export's fixed mask),
      // so the step that fills the context grew them by a copy before the group started over
      expect(capacities.slice(0, 6)).toStrictEqual(new Array(6).fill(engine.contextLength - 1));
      expect(capacities[6]).toBe(engine.contextLength);
    });
  }
});

describe('GIVEN prompts with answers of several tokens', () => {
  const ITEMS = [
    { prompt: 'When John and Mary went to the store, Mary gave a flower to', answers: [' John', ' Tchaikovsky', ' the cat sat', ' Mary and John'] },
    { prompt: ' alpha beta gamma delta alpha beta', answers: [' gamma delta alpha', ' gamma', 'delta beta'] },
    { prompt: 'Hi', answers: [' there, how are you', ' John'] },
  ];
  for (const [name, load] of [
    ['graph engine', fixtureGraphEngine],
    ['transformers.js engine', fixtureEngine],
  ] as const) {
    it(`WHEN they are scored on the ${name} THEN each prompt runs once and its answers on its cache, with log-probs within 1e-4 of re-running prompt + answer and the same ranks and tokens`, async () => {
      const shared: ScoringEngine = await load();
      const fed: number[] = [];
      const model: CausalLM = Object.create(shared.loaded);
      model.cachedRowScores = (step, request, options) => {
        fed.push(...Array.from(step.batch.attentionMask.subarray(step.batch.attentionMask.length - step.batch.batch * step.batch.width), Number));
        return shared.loaded.cachedRowScores!(step, request, options);
      };
      const engine = new ScoringEngine(model);
      const [uncached, cached] = await bothWays(() => engine.scoreMany(ITEMS));
      let worst = 0;
      cached.forEach((result, i) => {
        expect(result.top.map((t) => t.id)).toStrictEqual(uncached[i].top.map((t) => t.id));
        result.answers.forEach((a, j) => {
          const b = uncached[i].answers[j];
          expect(a.token_ids).toStrictEqual(b.token_ids);
          // deep in the vocabulary logits lie within float error of each other: a rank past 1,000 may move by one
          if (b.rank <= 1000) expect(a.rank).toBe(b.rank);
          else expect(Math.abs(a.rank - b.rank)).toBeLessThanOrEqual(1);
          a.token_logprobs.forEach((lp, k) => (worst = Math.max(worst, Math.abs(lp - b.token_logprobs[k]))));
        });
      });
      expect(worst).toBeLessThan(1e-4);
      // not vacuous: answers of several tokens were scored, their later tokens with real log-probs
      expect(cached.flatMap((r) => r.answers).filter((a) => a.token_ids.length >= 3).length).toBeGreaterThanOrEqual(3);
      // real tokens fed: each prompt (BOS included) once, then each answer's tokens but its last
      const promptTokens = ITEMS.map((it) => 1 + engine.encode(it.prompt).length).reduce((x, y) => x + y, 0);
      const answerTokens = cached.flatMap((r) => [...r.answers, ...r.answers.flatMap((a) => (a.alternative ? [a.alternative] : []))]).reduce((n, a) => n + a.token_ids.length - 1, 0);
      expect(fed.filter((m) => m === 1)).toHaveLength(promptTokens + answerTokens);
    });
  }
});
