import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoverCorpus } from '../../../discover/discover-corpus.ts';
import type { DiscoverReport } from '../../../discover/discover-report.ts';
import { JobProducer } from '../../../queue/job-producer.ts';
import { QueueEventsResults } from '../../../queue/job-results.ts';
import type { QueueConfig } from '../../../queue/queue-config.ts';
import { startWorkerService, type WorkerService } from '../../../worker/worker-service.ts';
import { PROSE_DOCS, repeatedSpanDocs, writeTxtCorpus } from '../../helpers/discover-corpora.ts';
import { FIXTURE_MODEL, fixtureEngine } from '../../helpers/fixture-model.ts';
import { deletePrefix, freshQueueConfig, testLogger } from '../../helpers/queue-harness.ts';
import { runCli } from '../../helpers/run-cli.ts';

// `discover` jobs: one shard of a scan each, over a corpus the worker offers by name; the shards'
// partial results merge into the report `hunt discover` prints for the whole corpus.

const dir = mkdtempSync(path.join(tmpdir(), 'hunt-discover-queue-'));
const corpus = writeTxtCorpus(dir, 'spans.txt', [...repeatedSpanDocs(1, 20), ...PROSE_DOCS]);
let config: QueueConfig;
let service: WorkerService;
const previous = process.env.HUNT_DISCOVER_CORPORA;

beforeAll(async () => {
  config = freshQueueConfig();
  // the model host the worker starts inherits this: the corpora it offers
  process.env.HUNT_DISCOVER_CORPORA = `spans=${corpus}`;
  service = await startWorkerService({ queue: config, source: { model: FIXTURE_MODEL }, log: testLogger() });
});
afterAll(async () => {
  await service?.stop(10_000);
  await deletePrefix(config.prefix);
  if (previous === undefined) delete process.env.HUNT_DISCOVER_CORPORA;
  else process.env.HUNT_DISCOVER_CORPORA = previous;
  rmSync(dir, { recursive: true, force: true });
});

describe('discover jobs', () => {
  test('GIVEN `hunt enqueue discover <corpus> --shards 3 --wait --json` THEN the merged shards report what hunt discover reports for the whole corpus', async () => {
    const result = await runCli(['enqueue', 'discover', 'spans', '--shards', '3', '--wait', '--json', '--prefix', config.prefix, '--redis-url', config.redisUrl]);
    expect(result.stderr).toBe('');
    const queued = JSON.parse(result.stdout) as DiscoverReport;
    const direct = (await discoverCorpus(await fixtureEngine(), { corpus })).report;
    expect(queued).toMatchObject({ corpus: 'corpus "spans"', shards: '0, 1, 2 of 3' });
    const figures = (r: DiscoverReport) => [r.docs, r.positions, r.wins, r.features, r.candidates.map((c) => [c.id, c.wins, c.positions])];
    expect(figures(queued)).toStrictEqual(figures(direct));
  }, 120_000);

  test('GIVEN a job naming a corpus the worker does not offer THEN that job fails at once with one line naming the ones it offers', async () => {
    const producer = new JobProducer(config);
    const results = new QueueEventsResults(config);
    try {
      const job = await producer.enqueue('discover', { corpus: 'nope' }, { userId: 'u' });
      const done = await results.wait(job.id, 'discover', 60_000);
      expect(done.status === 'failed' && done.failure).toMatchObject({ message: 'no corpus "nope" on this worker (it offers: spans)' });
    } finally {
      await results.close();
      await producer.close();
    }
  }, 60_000);

  test('GIVEN a job that names a path instead of a corpus THEN the producer refuses it before it reaches Redis', async () => {
    const producer = new JobProducer(config);
    try {
      await expect(producer.enqueue('discover', { corpus: '/etc/passwd' }, { userId: 'u' })).rejects.toThrow('discover job: corpus: names a corpus the workers offer (HUNT_DISCOVER_CORPORA): lower-case letters, digits, hyphens');
    } finally {
      await producer.close();
    }
  });
});
