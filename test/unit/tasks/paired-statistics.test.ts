import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../common/random.ts';
import { droppedAnswerTokens } from '../../../tasks/control-check.ts';
import { shuffledControl } from '../../../tasks/generic-control.ts';
import { clusterBootstrapIndices, clusterMeans } from '../../../tasks/metrics/cluster-bootstrap.ts';
import { decideVerdict } from '../../../tasks/metrics/eval-summary.ts';
import { holmAdjust, signTestOf, signTestP } from '../../../tasks/metrics/significance.ts';

describe('the sign test', () => {
  it('GIVEN counts THEN the one-sided p-value is the binomial tail, computed exactly', () => {
    expect(signTestP(9, 1)).toBeCloseTo(11 / 1024, 12);
    expect(signTestP(10, 0)).toBeCloseTo(1 / 1024, 12);
    expect(signTestP(5, 5)).toBeCloseTo(638 / 1024, 12);
    expect(signTestP(0, 0)).toBe(1);
  });

  it('GIVEN differences THEN ties are dropped before testing', () => {
    expect(signTestOf([1, 2, 0, 0, -1, 3])).toStrictEqual({ positives: 3, negatives: 1, ties: 2, p: signTestP(3, 1) });
  });
});

describe("Holm's correction", () => {
  it('GIVEN p-values THEN the step-down adjustment keeps their order and never falls', () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toStrictEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.5, 0.001])).toStrictEqual([0.5, 0.002]);
    expect(holmAdjust([0.9, 0.8])).toStrictEqual([1, 1]);
  });
});

describe('the cluster bootstrap', () => {
  it('GIVEN prompts from templates THEN every resample takes whole templates, as many as there are', () => {
    const clusters = ['t:0', 't:0', 't:0', 't:1', 't:2', 't:2'];
    for (const picks of clusterBootstrapIndices(clusters, 50, seededRng(1))) {
      const drawn = new Map<string, number>();
      for (const i of picks) drawn.set(clusters[i], (drawn.get(clusters[i]) ?? 0) + 1);
      // a drawn template brings all its prompts: its count is a multiple of its size
      for (const [c, count] of drawn) expect(count % clusters.filter((x) => x === c).length).toBe(0);
    }
    expect(clusterMeans(clusters, [1, 2, 3, 4, 5, 7])).toStrictEqual([2, 4, 6]);
  });
});

describe('controls that keep the answer', () => {
  it('GIVEN token ids THEN an answer token the clean prompt has and the control lost is reported; one never in the prompt is not', () => {
    expect(droppedAnswerTokens([5, 7, 9], [5, 8, 9], [7, 2])).toStrictEqual([7]);
    expect(droppedAnswerTokens([5, 7, 9], [9, 7, 5], [7])).toStrictEqual([]);
  });

  it('GIVEN a mined prompt THEN the generic control shuffles the words before the last three and keeps every word', () => {
    const prompt = 'one two three four five six seven eight nine';
    const control = shuffledControl(prompt, seededRng(3))!;
    expect(control).not.toBe(prompt);
    expect(control.endsWith(' seven eight nine')).toBe(true);
    expect(control.split(' ').sort()).toStrictEqual(prompt.split(' ').sort());
    expect(shuffledControl('too short here', seededRng(3))).toBeNull();
  });

  it('GIVEN a prompt whose first word has no leading space THEN that word stays first, so every word keeps its exact text (and its tokens)', () => {
    const prompt = 'The cat sat on the mat and the dog sat on the rug';
    const parts = (text: string) => text.split(/(?=\s+\S)/);
    for (let seed = 0; seed < 20; seed++) {
      const control = shuffledControl(prompt, seededRng(seed))!;
      expect(control.startsWith('The ')).toBe(true);
      expect(parts(control).sort()).toStrictEqual(parts(prompt).sort());
      expect(control).not.toBe(prompt);
    }
    // two words before the last three: a shuffle that puts them back is drawn again
    expect(shuffledControl('First one two x y z', seededRng(0))).toBe('First two one x y z');
    // one word to move (the first is fixed), or all alike: no control
    expect(shuffledControl('First one x y z', seededRng(0))).toBeNull();
    expect(shuffledControl(' a a a x y z', seededRng(0))).toBeNull();
  });
});

describe('the small-n warning', () => {
  const at = (point: number, halfWidth = 0) => ({ point, low: point - halfWidth, high: point + halfWidth });
  const evidence = { mean_prob: at(0.5), effect: at(2), beats_distractor: null, p: 0.001, favours: true, leans: true, alpha: 0.05 };

  it('GIVEN fewer than 30 independent prompts THEN the report warns even when the intervals look decided', () => {
    expect(decideVerdict(evidence, 10).small_n?.message).toBe(
      'n is too small to trust: 10 prompts, and intervals from fewer than 30 are unreliable; about 30 prompts would do',
    );
    expect(decideVerdict(evidence, 200).small_n).toBeNull();
  });

  it('GIVEN 200 prompts from 12 templates THEN the report warns that the intervals rest on 12 templates, and asks for templates, not prompts', () => {
    expect(decideVerdict(evidence, 200, 12).small_n).toStrictEqual({
      n_needed: null,
      message: 'intervals rest on 12 templates (fewer than 30 are unreliable), whatever n is: more templates, not more prompts, would firm them up',
    });
    expect(decideVerdict(evidence, 200, 40).small_n).toBeNull();
  });

  it('GIVEN an interval across a threshold THEN it names both verdicts and the prompts that would decide', () => {
    const d = decideVerdict({ ...evidence, mean_prob: at(0.12, 0.05) }, 100);
    expect([d.verdict, d.verdict_upper]).toStrictEqual(['moderate', 'strong']);
    expect(d.small_n!.message).toMatch(/^n is too small to decide between moderate and strong: the intervals cross a threshold; about 6\d\d prompts would decide it$/);
  });
});
