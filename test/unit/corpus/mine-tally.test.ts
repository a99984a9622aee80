import { describe, expect, it } from 'vitest';
import { MineTally } from '../../../corpus/mine-tally.ts';
import { scanBatch, scanState } from '../../../corpus/scan-batch.ts';
import { emptyBatchResult, type BatchResult, type MatchRecord, type MinedInstance } from '../../../corpus/scan-protocol.ts';
import { planTaskRegex } from '../../../corpus/task-regex.ts';
import { plantedAcronymTask } from '../../helpers/planted-corpus.ts';

function record(key: number, kind: MatchRecord['kind'], doc = `d#${key}`): MatchRecord {
  const mined: MinedInstance = { task: 't', prompt: `p${key}`, expected: ['A'], actual: 'A', doc, offset: key };
  return {
    key,
    kind,
    instance: kind !== 'declined',
    lenient: kind === 'declined' ? null : kind === 'agree',
    example: { doc, offset: key, before: '', actual: 'A', after: '', expected: kind === 'declined' ? null : ['A'], agrees: kind === 'declined' ? null : kind === 'agree', instance: kind !== 'declined' },
    ...(kind !== 'declined' ? { mined } : {}),
  };
}

const batch = (records: MatchRecord[], matches = records.length): BatchResult => ({ ...emptyBatchResult(), matches, records });

describe('tallying judged matches', () => {
  it('GIVEN the same prompt twice, in two batches THEN it is judged once and counted as a duplicate', () => {
    const tally = new MineTally({ censusLabels: [], examples: 5, seed: 0 });
    tally.add(batch([record(1, 'agree'), record(2, 'disagree')]));
    tally.add(batch([record(1, 'agree'), record(3, 'declined')]));
    const f = tally.figures();
    expect([f.matches, f.judged, f.duplicates, f.declined, f.answered]).toStrictEqual([4, 3, 1, 1, 2]);
    expect([f.precision.k, f.precision.n, f.agreement.k, f.agreement.n]).toStrictEqual([2, 3, 1, 2]);
  });

  it('GIVEN more than ten matches of a kind THEN ten samples of each kind are kept, the first ones', () => {
    const tally = new MineTally({ censusLabels: [], examples: 0, seed: 0 });
    tally.add(batch(Array.from({ length: 30 }, (_, i) => record(i, (['agree', 'disagree', 'declined'] as const)[i % 3]))));
    const { samples } = tally.figures();
    expect([samples.agree.length, samples.disagree.length, samples.declined.length]).toStrictEqual([10, 10, 10]);
    expect(samples.agree.map((e) => e.offset)).toStrictEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  });

  it('GIVEN a sample size THEN a seeded reservoir keeps that many instances in corpus order, the same for the same seed', () => {
    const run = (seed: number) => {
      const tally = new MineTally({ censusLabels: [], examples: 0, sample: 5, seed });
      for (let b = 0; b < 10; b++) tally.add(batch(Array.from({ length: 20 }, (_, i) => record(b * 20 + i, 'agree'))));
      return tally.sampled().map((i) => i.offset);
    };
    const a = run(1);
    expect(a).toHaveLength(5);
    expect(a).toStrictEqual([...a].sort((x, y) => x - y));
    expect(run(1)).toStrictEqual(a);
    expect(run(2)).not.toStrictEqual(a);
  });

  it('GIVEN many seeds THEN every instance is about equally likely to be drawn (a uniform sample, not the first n)', () => {
    const hits = new Array(8).fill(0);
    for (let seed = 0; seed < 4000; seed++) {
      const tally = new MineTally({ censusLabels: [], examples: 0, sample: 2, seed });
      tally.add(batch(Array.from({ length: 8 }, (_, i) => record(i, 'agree'))));
      for (const i of tally.sampled()) hits[i.offset]++;
    }
    // each is drawn with probability 2/8: 1000 of 4000 expected, sd ≈ 27
    for (const h of hits) expect(Math.abs(h - 1000)).toBeLessThan(130);
  });
});

describe('the per-document cap', () => {
  it('GIVEN a document with 10 matches and a cap of 3 THEN all 10 are counted, 3 chosen at random are judged, the same 3 on every run', () => {
    const text = Array.from({ length: 10 }, (_, i) => `Alpha Beta (A${String.fromCharCode(65 + i)})`).join(' and ');
    const state = scanState(plantedAcronymTask, { regex: planTaskRegex(plantedAcronymTask.regex!), tokenizer: null, writeInstances: false, maxPerDoc: 3, seed: 0 });
    const r = scanBatch(state, [{ id: 'doc#0', text, tokenize: false }]);
    expect([r.matches, r.capped, r.records.length]).toStrictEqual([10, 7, 3]);
    const offsets = r.records.map((x) => x.example.offset);
    expect(offsets).toStrictEqual([...offsets].sort((x, y) => x - y));
    expect(scanBatch(state, [{ id: 'doc#0', text, tokenize: false }]).records.map((x) => x.example.offset)).toStrictEqual(offsets);
    // not simply the first three
    const other = scanBatch({ ...state, seed: 1 }, [{ id: 'doc#0', text, tokenize: false }]).records.map((x) => x.example.offset);
    expect([offsets, other].some((o) => o.join() !== '12,32,52')).toBe(true);
    const all = scanBatch({ ...state, maxPerDoc: 0 }, [{ id: 'doc#0', text, tokenize: false }]);
    expect([all.matches, all.capped, all.records.length]).toStrictEqual([10, 0, 10]);
  });
});

describe('counting matches whose answer group took no part', () => {
  // an alternative without the answer: "(zz)" matches, but has no answer point
  const task = { ...plantedAcronymTask, regex: { source: '\\((?:(?<answer>[A-Z]{2,})|zz)\\)' } };
  const text = Array.from({ length: 6 }, (_, i) => `Alpha Beta (AB) and (zz) ${i}.`).join(' ');

  it.each([0, 1, 3, 5])('GIVEN 6 answer points and 6 matches without one, at most %i judged THEN matches count answer points only, and capped only those not judged', (maxPerDoc) => {
    const state = scanState(task, { regex: planTaskRegex(task.regex), tokenizer: null, writeInstances: false, maxPerDoc, seed: 0 });
    const r = scanBatch(state, [{ id: 'doc#0', text, tokenize: false }]);
    const judged = maxPerDoc === 0 ? 6 : maxPerDoc;
    expect([r.matches, r.capped, r.records.length]).toStrictEqual([6, 6 - judged, judged]);
    expect(r.records.every((x) => x.example.actual === 'AB')).toBe(true);
  });
});
