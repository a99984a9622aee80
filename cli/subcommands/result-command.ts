import { Queue } from 'bullmq';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { fromWire, InputError, NotReadyError } from '../../common/errors.ts';
import { QueueEventsResults } from '../../queue/job-results.ts';
import { isJobName } from '../../queue/job-schemas.ts';
import { bullConnection, QUEUE_NAME, queueNameFor, resolveQueueConfig, type QueueConfig } from '../../queue/queue-config.ts';
import { probeRedis } from '../../queue/redis-probe.ts';
import { connectWithRetry } from '../../common/connect-retry.ts';
import { formatJobOutcome } from '../format/format-job-outcome.ts';
import { positiveNumber } from '../options.ts';
import { queueTarget } from '../queue-target.ts';
import { mineRunProgress, waitForMine } from '../../queue/mine-flow.ts';
import { MINE_QUEUE } from '../../queue/mine-job-schemas.ts';
import { formatMine } from './mine-command.ts';

interface ResultCliOptions {
  redisUrl?: string;
  prefix?: string;
  model?: string;
  wait?: boolean;
  timeout: number;
  json?: boolean;
}

/** The model whose queue this is: the inverse of queueNameFor. */
export function modelOfQueue(queueName: string, config: Pick<QueueConfig, 'defaultModel'>): string | undefined {
  if (queueName === QUEUE_NAME) return config.defaultModel;
  if (!queueName.startsWith(`${QUEUE_NAME}@`)) return undefined;
  try {
    return decodeURIComponent(queueName.slice(QUEUE_NAME.length + 1));
  } catch {
    return undefined;
  }
}

/**
 * The models whose queues hold a job with this id. A job id is a content hash, so the same
 * request for two models is two jobs with one id: each model's queue is its own key space.
 */
async function modelsHolding(config: QueueConfig, id: string): Promise<string[]> {
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.prefix}:${QUEUE_NAME}*:${id}`, 'COUNT', 1000);
      for (const key of keys) {
        const model = modelOfQueue(key.slice(config.prefix.length + 1, key.length - id.length - 1), config);
        if (model !== undefined) found.add(model);
      }
      cursor = next;
    } while (cursor !== '0');
    return [...found].sort();
  } finally {
    redis.disconnect();
  }
}

/** Print a queued job's result by id: finished → as `--wait` prints it; else where it stands. */
async function printResult(id: string, options: ResultCliOptions): Promise<void> {
  if (!/^[\w.-]+$/.test(id)) throw new InputError('bad_option', `a job id holds letters, digits, ".", "_" and "-" only (got "${id}"); \`hunt enqueue\` prints it`);
  const config = resolveQueueConfig({ redisUrl: options.redisUrl, prefix: options.prefix });
  await connectWithRetry(() => probeRedis(config.redisUrl));
  if (id.startsWith('mine-')) return printMineResult(id, config, options);
  let model: string;
  if (options.model !== undefined) {
    model = queueTarget(options.model, config).model;
  } else {
    const models = await modelsHolding(config, id);
    if (models.length === 0) throw new InputError('not_found', `no job ${id} on any queue under prefix "${config.prefix}" (finished jobs are kept 1 h, failed ones 24 h)`);
    if (models.length > 1) throw new InputError('bad_option', `job ${id} is on the queues of ${models.join(', ')}: say which with --model`);
    model = models[0];
  }
  const results = new QueueEventsResults(config, model);
  const queue = new Queue(queueNameFor(model, config), { connection: bullConnection(config), prefix: config.prefix });
  try {
    await results.ready();
    const job = await queue.getJob(id);
    if (!job || !isJobName(job.name)) throw new InputError('not_found', `no job ${id} on the queue of model ${model} (finished jobs are kept 1 h, failed ones 24 h)`);
    const outcome = options.wait ? await results.wait(id, job.name, options.timeout * 1000) : await results.outcomeOf(id);
    if (!outcome) {
      const state = await queue.getJobState(id);
      throw new NotReadyError(`job ${id} (${job.name}, model ${model}) has no result yet: it is ${state === 'active' ? 'running' : state}; --wait waits for it`);
    }
    if (outcome.status === 'failed') {
      throw fromWire({ code: outcome.failure.code, message: `job ${id} failed: ${outcome.failure.message}`, permanent: outcome.failure.code !== 'unavailable' });
    }
    console.log(formatJobOutcome(outcome, Boolean(options.json)));
  } finally {
    await Promise.all([results.close(), queue.close()]);
  }
}

/** A `hunt enqueue mine` run's merged report (the instances file is written by `hunt enqueue mine --wait` only). */
async function printMineResult(id: string, config: QueueConfig, options: ResultCliOptions): Promise<void> {
  if (!options.wait) {
    const queue = new Queue(MINE_QUEUE, { connection: bullConnection(config), prefix: config.prefix });
    try {
      const progress = await mineRunProgress(queue, id);
      if (!progress) throw new InputError('not_found', `no mine job ${id} under prefix "${config.prefix}" (finished runs are kept 1 h)`);
      if (progress.state !== 'completed' && progress.state !== 'failed') {
        throw new NotReadyError(`mine job ${id} has no result yet: ${progress.shardsDone} of ${progress.shardsTotal} shards done; --wait waits for it`);
      }
    } finally {
      await queue.close();
    }
  }
  const result = await waitForMine(config, id, { timeoutMs: options.wait ? options.timeout * 1000 : 60_000 });
  // the instances file is written by the `hunt enqueue mine --wait` that asked for it, not here: no "written to" line
  const { out: _written, ...report } = result.report;
  console.log(options.json ? JSON.stringify(report, null, 2) : formatMine(report));
}

/** `hunt result <job id>`: fetch what `hunt enqueue` (without --wait) queued. */
export function resultCommand(): Command {
  return new Command('result')
    .description('print the result of a queued job by its id (as `hunt enqueue … --wait` would), or say where it stands')
    .argument('<job id>', 'the id `hunt enqueue` printed')
    .option('--model <id|folder>', 'the model it was queued for, as given to `hunt enqueue --model` (default: found by the id; mine runs need none)')
    .option('--redis-url <url>', 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'queue key prefix (env HUNT_QUEUE_PREFIX; default hunt)')
    .option('--wait', 'wait until the job has finished')
    .option('--timeout <s>', 'with --wait: give up waiting after this long', positiveNumber('timeout'), 300)
    .option('--json', 'print JSON (the same shape as the direct command\'s --json)')
    .action((id: string, options: ResultCliOptions) => printResult(id, options));
}
