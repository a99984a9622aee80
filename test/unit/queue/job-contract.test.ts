import { describe, expect, test } from 'vitest';
import { contentJobId } from '../../../queue/job-producer.ts';
import { decodeFailure, encodeFailure } from '../../../queue/job-failure.ts';
import { JOB_POLICIES, LONGEST_JOB_MS } from '../../../queue/job-policies.ts';
import { JOB_NAMES, parseJob } from '../../../queue/job-schemas.ts';
import { threadsPerProcess } from '../../../worker/worker-service.ts';

/** `levels` containers, each holding the next, around one string */
function deep(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}

describe('job payloads', () => {
  test('GIVEN a minimal complete payload THEN the defaults are filled in, so equal requests are equal jobs', () => {
    expect(parseJob('complete', { prompt: 'Hi' })).toStrictEqual({
      ok: true,
      job: { name: 'complete', data: { prompt: 'Hi', top: 10, tokens: 20, sample: false, temperature: 1, seed: 0, bos: true, truncate: false } },
    });
  });

  test.each([
    ['an unknown kind', 'mine', {}, 'unknown job kind "mine" (known: complete, score, tokens, evaluate, discover)'],
    ['a wrong type', 'tokens', { text: 3 }, 'tokens job: text: Invalid input: expected string, received number'],
    ['an evaluate job with too many instances', 'evaluate', { task: { builtin: 'ioi' }, n: 5_000 }, 'evaluate job: n: Too big: expected number to be <=1000'],
    ['a discover shard beyond the shard count', 'discover', { corpus: 'owt', shard: { index: 4, count: 4 } }, 'discover job: shard: index must be below count'],
    [
      'a discover scan cut into too few shards to finish in time',
      'discover',
      { corpus: 'owt', n_docs: 1_000, shard: { index: 0, count: 4 } },
      'discover job: n_docs: 1000 documents in 4 shard(s) is 250 a shard; a shard runs the model over at most 100 within its 30 min timeout: cut the scan into at least 10 shards',
    ],
    ['a score job with 21 answers', 'score', { prompt: 'x', answers: Array(21).fill(' a') }, 'score job: answers: Too big: expected array to have <=20 items'],
  ])('GIVEN %s THEN parsing says what is wrong in one line', (_, name, data, reason) => {
    expect(parseJob(name, data)).toStrictEqual({ ok: false, reason });
  });

  test('GIVEN a discover scan of 1,000 documents in 10 shards, or a default one THEN each shard reads at most 100 documents of its own', () => {
    expect(parseJob('discover', { corpus: 'owt', n_docs: 1_000, shard: { index: 9, count: 10 } })).toMatchObject({ ok: true });
    expect(parseJob('discover', { corpus: 'owt' })).toMatchObject({ ok: true, job: { data: { n_docs: 100, shard: { index: 0, count: 1 } } } });
  });

  test('GIVEN the same payload with keys in another order THEN the content job id is the same, and another payload gets another id', () => {
    const a = parseJob('score', { prompt: 'p', answers: [' a', ' b'] });
    const b = parseJob('score', { answers: [' a', ' b'], top: 10, prompt: 'p' });
    const c = parseJob('score', { prompt: 'p', answers: [' b', ' a'] });
    if (!a.ok || !b.ok || !c.ok) throw new Error('fixture payloads must parse');
    expect(contentJobId(a.job)).toBe(contentJobId(b.job));
    expect(contentJobId(a.job)).not.toBe(contentJobId(c.job));
    expect(contentJobId(a.job)).toMatch(/^score-[0-9a-f]{32}$/);
  });

  // fuzz seed 8, input 870: a definition 3,000 levels deep passed the size check, then overflowed the hash
  test.each([
    ['objects 3,000 levels', { a: deep(3_000, (v) => ({ a: v })) }, 'x.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'],
    ['arrays 5,000 levels', deep(5_000, (v) => [v]), 'x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]'],
    ['arrays 17 levels (one more than a task file may)', deep(17, (v) => [v]), 'x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]'],
  ])('GIVEN an evaluate job whose definition nests %s deep THEN parsing refuses it in one line naming where', (_, x, where) => {
    expect(parseJob('evaluate', { task: { definition: { id: 't', x } } })).toStrictEqual({
      ok: false,
      reason: `evaluate job: task.definition: nested more than 16 levels deep (at ${where}); a task definition is a flat object`,
    });
  });

  test('GIVEN a definition as deep as a task file may be THEN it is a job, and a trusted job nested far deeper still gets a content id', () => {
    const parsed = parseJob('evaluate', { task: { definition: { id: 't', x: deep(15, (v) => [v]) } } });
    expect(parsed.ok).toBe(true);
    // JobProducer.add takes trusted jobs unparsed: the hash must not depend on the call stack either
    const trusted = { name: 'evaluate', data: { task: { definition: { id: 't', x: deep(100_000, (v) => ({ a: v })) }, origin: 'queue' } } } as const;
    expect(contentJobId(trusted)).toMatch(/^evaluate-[0-9a-f]{32}$/);
  });

  test('GIVEN every job kind THEN it has a policy, and the longest timeout is a discover shard\'s, then an evaluation\'s', () => {
    expect(Object.keys(JOB_POLICIES).sort()).toStrictEqual([...JOB_NAMES].sort());
    expect(LONGEST_JOB_MS).toBe(JOB_POLICIES.discover.timeoutMs);
    const others = JOB_NAMES.filter((n) => n !== 'discover').map((n) => JOB_POLICIES[n].timeoutMs);
    expect(Math.max(...others)).toBe(JOB_POLICIES.evaluate.timeoutMs);
  });
});

describe('job failures', () => {
  test.each([
    [{ code: 'bad_payload' as const, message: 'score job: answers: give at least one answer' }],
    [{ code: 'prompt_too_long' as const, message: 'a\nmultiline reason' }],
  ])('GIVEN a failure %j THEN it survives the trip through failedReason', (failure) => {
    expect(decodeFailure(encodeFailure(failure))).toStrictEqual(failure);
  });

  test.each([
    ['job stalled more than allowable limit'],
    ['[made_up] code'],
  ])('GIVEN a reason BullMQ wrote itself (%s) THEN it reads as an outage', (reason) => {
    expect(decodeFailure(reason)).toStrictEqual({ code: 'unavailable', message: reason });
  });
});

describe('worker threads', () => {
  test.each([
    [16, 1, 16],
    [16, 4, 4],
    [2, 3, 1],
  ])('GIVEN %i cores and %i worker processes THEN each gets %i onnxruntime threads', (cores, processes, threads) => {
    expect(threadsPerProcess(cores, processes)).toBe(threads);
  });

  test('GIVEN zero processes THEN it fails with a specific message', () => {
    expect(() => threadsPerProcess(4, 0)).toThrow('processes must be a whole number ≥ 1 (got 0)');
  });
});
