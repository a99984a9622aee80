import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphEngine } from '../../../models/graph/graph-engine.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../../tasks/builtin/index.ts';
import { evaluateTask } from '../../../tasks/evaluate-task.ts';
import { answerFavouringLogProbs, buildCopierGpt2, buildUnigramGpt2 } from '../../helpers/calibration-models.ts';
import { CALIBRATION_N } from '../../helpers/calibration-sweep.ts';
import { fixtureGraphEngine } from '../../helpers/fixture-graph.ts';

// The definition of "a verdict that a trivial mechanism cannot fool": models whose mechanism
// is known by construction, and the verdicts they must get. Here a representative subset (the
// tasks where each adversary came closest); `npm run calibrate` judges both on all 13 tasks.

const folders: string[] = [];
let copier: GraphEngine;
beforeAll(async () => {
  folders.push(buildCopierGpt2({ nEmbd: 128, seed: 1 }));
  copier = await GraphEngine.load({ model: folders[0] });
}, 60_000);
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

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

  it('GIVEN greater-than THEN it beats the distractors no more than chance: its 67 later years do not win by their mean probability', async () => {
    const report = await evaluateTask(copier, findBuiltinTask('greater-than')!, { n: CALIBRATION_N['greater-than'], seed: 0 });
    // compared by the answers' mean probability this copier beat 80% of the earlier years (sign test p 1e-7)
    expect(report.distractors!.beats_each).toBeGreaterThan(0.4);
    expect(report.distractors!.beats_each).toBeLessThan(0.6);
    expect(report.gate.tests.find((t) => t.name === 'beats distractors')!.p).toBeGreaterThan(0.05);
    expect([report.verdict, report.verdict_upper]).toStrictEqual(['none', 'none']);
  }, 60_000);
});

describe('a unigram (final LayerNorm gain 0: one next-token distribution after every context) favouring a task\'s own answers', () => {
  const unigramFor = async (id: string) => {
    const logProbs = answerFavouringLogProbs([findBuiltinTask(id)!], (t) => copier.encode(t));
    const model = buildUnigramGpt2({ logProbs, seed: 2 });
    folders.push(model);
    return { logProbs, engine: await GraphEngine.load({ model }) };
  };

  it('GIVEN prompts of different lengths THEN every position of every prompt gets the same logits: the unigram it was built with', async () => {
    const { logProbs, engine } = await unigramFor('greater-than');
    const prompts = ['The war lasted from the year 1732 to the year 17', ' cat', 'When John and Mary went to the store, Mary gave a flower to'];
    const positions = await engine.positionLogits(prompts);
    const rows = positions.flatMap((p) => p.rows);
    // a row per input token, BOS included
    expect(rows).toHaveLength(positions.reduce((n, p) => n + p.input_ids.length, 0));
    expect(positions.map((p) => p.input_ids.length)).toStrictEqual(prompts.map((p) => 1 + engine.encode(p).length));
    let largest = 0;
    for (const row of rows) for (let v = 0; v < row.length; v++) largest = Math.max(largest, Math.abs(row[v] - logProbs[v]));
    expect(largest).toBeLessThan(1e-5);
    // and it favours the answers: a year after 1732's 32 is likelier than one before
    expect(logProbs[engine.encode('90')[0]]).toBeGreaterThan(logProbs[engine.encode('10')[0]]);
  }, 60_000);

  // where it looks best: the answers likely (greater-than 65%, subject-verb-agreement 45%, the IOIs 1%, all above
  // weak's 0.5%) and ahead of the distractors (greater-than on every pair, the IOIs on 70%): only the control holds it
  it.each(['greater-than', 'ioi-extended', 'subject-verb-agreement', 'ioi'])(
    'GIVEN %s THEN the verdict is none: clean prompt and control get the same distribution, an effect of exactly 0',
    async (id) => {
      const { engine } = await unigramFor(id);
      const report = await evaluateTask(engine, findBuiltinTask(id)!, { n: CALIBRATION_N[id] ?? 40, seed: 0 });
      // a strong adversary: its P(answer) alone clears the lowest verdict's threshold
      expect(report.metrics.mean_prob).toBeGreaterThan(0.005);
      expect(report.control!.n).toBe(report.scored);
      expect([report.effect!.mean, report.effect!.test.positives, report.effect!.test.negatives]).toStrictEqual([0, 0, 0]);
      expect([report.verdict, report.verdict_upper]).toStrictEqual(['none', 'none']);
    },
    60_000,
  );

  // a task file or Discord submission without `control:`; judged on log P alone this unigram was
  // credited strong on greater-than and moderate on citation-number (npm run calibrate -- --no-control)
  it.each(['greater-than', 'citation-number'])(
    'GIVEN %s stripped of its control THEN the verdict is none: the generic control shows an effect of exactly 0',
    async (id) => {
      const { control: _control, ...task } = findBuiltinTask(id)!;
      const { engine } = await unigramFor(id);
      const report = await evaluateTask(engine, task, { n: CALIBRATION_N[id] ?? 40, seed: 0 });
      expect(report.metrics.mean_prob).toBeGreaterThan(0.005);
      expect([report.verdict, report.verdict_upper]).toStrictEqual(['none', 'none']);
      // every prompt had the generic control, and the unigram scores the answer the same on it
      expect([report.control!.generic, report.control!.n]).toStrictEqual([report.scored, report.scored]);
      expect([report.effect!.mean, report.effect!.test.positives, report.effect!.test.negatives]).toStrictEqual([0, 0, 0]);
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

  it('GIVEN induction stripped of its control THEN the generic control still credits it strong, and the baselines show no effect on it', async () => {
    const { control: _control, ...task } = findBuiltinTask('induction')!;
    const report = await evaluateTask(await fixtureGraphEngine(), task, { n: 200, seed: 0 });
    expect(report.verdict).toBe('strong');
    expect(report.control!.generic).toBe(report.control!.n);
    // the shuffle keeps every token: the copier (order-blind) and the unigram score the answer alike on both
    expect(report.baselines.map((b) => [b.name, b.beaten, b.mean_effect])).toStrictEqual([
      ['copier', true, 0],
      ['unigram', true, 0],
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
