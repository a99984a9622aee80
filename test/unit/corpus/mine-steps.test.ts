import { describe, expect, it } from 'vitest';
import { concatResults, MineMerge } from '../../../corpus/mine-merge.ts';
import { buildMineReport, countTokens } from '../../../corpus/mine-report.ts';
import type { PoolResult } from '../../../corpus/scan-pool.ts';
import { emptyBatchResult, type MatchRecord } from '../../../corpus/scan-protocol.ts';
import { groupShards, parseByteSize } from '../../../corpus/shard-plan.ts';
import { SAMPLE_EVERY, SAMPLE_HEAD_CHARS, TokenSampler } from '../../../corpus/token-sampler.ts';
import { seededRng } from '../../../common/random.ts';

/** The pure steps of `hunt mine` that the one-process run and the queue's shards share. */

function record(key: number, kind: MatchRecord['kind']): MatchRecord {
  return {
    key,
    kind,
    instance: kind !== 'declined',
    lenient: kind === 'declined' ? null : kind === 'agree',
    example: { doc: `d#${key}`, offset: key, before: '', actual: 'A', after: '', expected: kind === 'declined' ? null : ['A'], agrees: kind === 'declined' ? null : kind === 'agree', instance: kind !== 'declined' },
    ...(kind !== 'declined' ? { mined: { task: 't', prompt: `p${key}`, expected: ['A'], actual: 'A', doc: `d#${key}`, offset: key } } : {}),
  };
}

/** A batch of random records (keys from a small range, so some repeat: duplicates) and counts. */
function randomBatch(rng: () => number, n: number): PoolResult {
  const kinds = ['agree', 'disagree', 'declined'] as const;
  const records = Array.from({ length: n }, () => record(Math.floor(rng() * 40), kinds[Math.floor(rng() * 3)]));
  const docs = 1 + Math.floor(rng() * 5);
  return {
    result: { ...emptyBatchResult(), docs, bytes: 100 * docs, tokenizedDocs: 1, tokenizedBytes: 100, tokenizedTokens: 25, matches: n + 2, capped: 2, census: [n, 1], records },
    overBudget: rng() < 0.3 ? [{ doc: `over#${n}`, bytes: 9 }] : [],
  };
}

const merged = (parts: PoolResult[], sample?: number) => {
  const emitted: string[] = [];
  const merge = new MineMerge({ censusLabels: ['a', 'b'], examples: 7, sample, seed: 5, emit: (found) => emitted.push(...found.map((i) => i.prompt)) });
  parts.forEach((p) => merge.add(p));
  return { totals: merge.totals, figures: merge.tally.figures(), emitted, sampled: merge.tally.sampled().map((i) => i.prompt) };
};

describe('merging scan results', () => {
  it('GIVEN 30 random batches THEN merging them one by one equals merging shards of them concatenated (totals, figures, instances, reservoir)', () => {
    const rng = seededRng(9);
    const batches = Array.from({ length: 30 }, (_, i) => randomBatch(rng, i % 7));
    const shards = [batches.slice(0, 4), batches.slice(4, 5), batches.slice(5, 19), batches.slice(19)].map(concatResults);
    expect(merged(shards)).toStrictEqual(merged(batches));
    expect(merged(shards, 5)).toStrictEqual(merged(batches, 5));
    const { figures, emitted } = merged(batches);
    expect(figures.duplicates).toBeGreaterThan(0); // the comparison covers dedupe across shards
    expect(emitted.length).toBeGreaterThan(5);
  });
});

describe('choosing documents to tokenize', () => {
  const corpus = Array.from({ length: 3 }, (_, f) => Array.from({ length: 400 }, (_, d) => ({ id: `f${f}.txt#${d}`, text: 'x'.repeat(5_000) })));
  const fileStarts = [0, 1_500_000, 3_000_000];

  it('GIVEN a corpus read whole or file by file in shards THEN the same documents are tokenized', () => {
    const whole = new TokenSampler('sample');
    const all = corpus.flatMap((docs, f) => docs.map((doc) => whole.take(doc, fileStarts[f])));
    const sharded = corpus.flatMap((docs, f) => {
      const shard = new TokenSampler('sample');
      return docs.map((doc) => shard.take(doc, fileStarts[f]));
    });
    expect(sharded).toStrictEqual(all);
    // the head (the first 1M characters: 200 documents of the first file), then about one in 64
    expect(all.slice(0, SAMPLE_HEAD_CHARS / 5_000).every(Boolean)).toBe(true);
    const rest = all.slice(SAMPLE_HEAD_CHARS / 5_000).filter(Boolean).length;
    expect(rest).toBeGreaterThan(1_000 / SAMPLE_EVERY / 2);
    expect(rest).toBeLessThan((1_000 / SAMPLE_EVERY) * 2);
  });

  it.each([['exact', true], ['bytes', false]] as const)('GIVEN --tokens %s THEN every document is %s', (mode, tokenized) => {
    const sampler = new TokenSampler(mode);
    expect(corpus[2].map((doc) => sampler.take(doc, 3_000_000)).every((t) => t === tokenized)).toBe(true);
  });
});

describe('shards and sizes', () => {
  const file = (name: string, size: number) => ({ name, size, start: 0, path: name });

  it('GIVEN files of 5, 5, 20 and 1 bytes and shards of at least 8 THEN consecutive files are grouped, a big file alone', () => {
    const shards = groupShards([file('a', 5), file('b', 5), file('c', 20), file('d', 1)], 8);
    expect(shards.map((s) => [s.files.map((f) => f.name), s.bytes])).toStrictEqual([[['a', 'b'], 10], [['c'], 20], [['d'], 1]]);
  });

  it.each([['64MB', 64 * 1024 ** 2], ['512kb', 512 * 1024], ['1G', 1024 ** 3], ['1', 1], ['1.5K', 1536]])('GIVEN the size %s THEN it is %i bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', '0', '-3MB', 'ten', '5TB'])('GIVEN the size "%s" THEN it is refused in one line', (text) => {
    expect(() => parseByteSize(text)).toThrow(/^shard size must be a size such as 64MB, 512KB or a number of bytes ≥ 1 \(got ".*"\)$/);
  });
});

describe('the report', () => {
  const totals = { docs: 4, bytes: 880, tokenizedDocs: 1, tokenizedBytes: 220, tokenizedTokens: 50, overBudgetDocs: 0, overBudget: [] };

  it('GIVEN a quarter of the bytes tokenized THEN the token count is estimated from their tokens per byte', () => {
    expect(countTokens(totals, 'sample', 'local:x')).toStrictEqual({ tokens: 200, method: 'sampled', note: 'estimated: 1 of 4 documents (25.0% of bytes) tokenized exactly, 4.40 bytes/token' });
    expect(countTokens({ ...totals, tokenizedDocs: 4 }, 'exact', 'local:x').method).toBe('exact');
    expect(countTokens(totals, 'bytes', null).tokens).toBe(200);
  });

  it('GIVEN merged figures THEN the report carries them with coverage, agreement and the queue\'s shards', () => {
    const { figures } = merged([randomBatch(seededRng(1), 12)]);
    const report = buildMineReport({
      task: 't', corpus: 'c', plan: { engine: 're2' }, totals, figures, tokenMode: 'bytes', tokenizer: null, maxPerDoc: 3, budgetMs: 1000,
      shards: { total: 2, failed: [{ shard: 1, files: ['b.txt'], error: 'gone' }] }, workers: 2, seconds: 2, scanSeconds: 1,
    });
    expect(report.coverage).toBe(figures.answered / figures.judged);
    expect(report.heuristic_matches_text).toBe(figures.agreement.value);
    expect(report.shards!.failed[0].files).toStrictEqual(['b.txt']);
    expect([report.mb_per_s, report.scan_mb_per_s, report.token_aligned]).toStrictEqual([0.00044, 0.00088, false]);
  });
});
