import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphEngine } from '../../../models/graph/graph-engine.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { buildCopierGpt2 } from '../../helpers/calibration-models.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

// The definition of "a verdict that a trivial mechanism cannot fool": models whose mechanism
// is known by construction, and the verdicts they must get.

let folder: string;
let copier: GraphEngine;
beforeAll(async () => {
  folder = buildCopierGpt2({ nEmbd: 128, seed: 1 });
  copier = await GraphEngine.load({ model: folder });
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('a copier (uniform attention, identity OV, tied random embeddings)', () => {
  it('GIVEN prompts of words THEN it really copies: a word of the prompt is far likelier than a word that is not in it', async () => {
    const words = [' cat', ' dog', ' bird', ' fish', ' tree', ' house', ' river', ' stone'];
    const absent = [' car', ' table', ' money', ' music'];
    const gaps: number[] = [];
    for (let shift = 0; shift < words.length; shift++) {
      const prompt = [...words.slice(shift), ...words.slice(0, shift)].join('');
      // the prompt's last word is left out: the current token is raised by the residual stream as well as by copying
      const [inPrompt, notInPrompt] = [words.filter((w) => !prompt.endsWith(w)), absent];
      const scored = (await copier.score(prompt, [...inPrompt, ...notInPrompt], { alternatives: false })).answers.map((a) => a.logprob);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      gaps.push(mean(scored.slice(0, inPrompt.length)) - mean(scored.slice(inPrompt.length)));
    }
    expect(Math.min(...gaps)).toBeGreaterThan(3);
  });

  it.each(['induction-random-tokens', 'closing-tag', 'img-alt-src'])(
    'GIVEN %s THEN the verdict is none: its controls keep the answer, so copying shows no effect',
    async (id) => {
      const report = await evaluateTask(copier, findBuiltinTask(id)!, { n: 80, seed: 0 });
      expect(report.verdict).toBe('none');
      expect(report.verdict_upper).toBe('none');
      // the clean prompt does not raise the answer over its control for this model
      expect(report.gate.p).toBeGreaterThan(0.05);
      expect(report.effect!.test.positives).toBeLessThan(report.effect!.n * 0.75);
    },
    60_000,
  );
});

describe('the fixture (learned induction, nothing else)', () => {
  it('GIVEN induction THEN the verdict is strong, and it beats the copying and unigram baselines', async () => {
    const report = await evaluateTask(await fixtureGraphEngine(), findBuiltinTask('induction')!, { n: 200, seed: 0 });
    expect(report.verdict).toBe('strong');
    expect(report.baselines.map((b) => [b.name, b.beaten])).toStrictEqual([
      ['copier', true],
      ['unigram', true],
    ]);
  }, 60_000);

  // e-mail (a dozen multi-token spellings) and greater-than (100 endings) cost many answers a prompt: fewer prompts
  const fewer: Record<string, number> = { 'email-address': 8, 'greater-than': 12 };
  it.each(BUILTIN_TASKS.filter((t) => t.id !== 'induction-random-tokens').map((t) => t.id))(
    'GIVEN %s THEN the verdict is none',
    async (id) => {
      const report = await evaluateTask(await fixtureGraphEngine(), findBuiltinTask(id)!, { n: fewer[id] ?? 30, seed: 0 });
      expect(report.verdict).toBe('none');
    },
    60_000,
  );
});
