import { Command, Option } from 'commander';
import type { Catalog } from '../../catalog/open-catalog.ts';
import { resolveQueueConfig } from '../../queue/queue-config.ts';
import { probeRedis } from '../../queue/redis-probe.ts';
import { catalogRecorder } from '../../worker/catalog-recorder.ts';
import { startWorkerService } from '../../worker/worker-service.ts';
import { MineWorker } from '../../worker/mine-worker.ts';
import type { QueueConfig } from '../../queue/queue-config.ts';
import type { Logger } from 'pino';
import { connectWithRetry } from '../../common/connect-retry.ts';
import { checkDatabaseUrl } from '../database-url.ts';
import { parseCorporaSetting } from '../../discover/configured-corpora.ts';
import { createServiceLogger, logFormatOption, resolveLogFormat } from '../service-logger.ts';
import { addModelOptions, modelSourceOptions, positiveNumber, wholeNumber, type ModelCliOptions } from '../options.ts';

export interface WorkerCliOptions extends ModelCliOptions {
  redisUrl?: string;
  prefix?: string;
  batchSize: number;
  processes: number;
  lockDuration?: number;
  stalledInterval?: number;
  shutdownDeadline: number;
  logLevel: string;
  logFormat?: string;
  mine?: boolean;
  scanThreads?: number;
}

/**
 * An option that an environment variable may set, parsed like the flag: a bad value is
 * refused with the flag's message instead of running as NaN. An empty variable counts
 * as unset, as elsewhere (DATABASE_URL='').
 */
function envOption<T>(flags: string, description: string, envVar: string, parse: (raw: string) => T, fallback: T): Option {
  return new Option(flags, description)
    .env(envVar)
    .argParser((raw: string) => (raw === '' ? fallback : parse(raw)))
    .default(fallback);
}

/**
 * `hunt worker`: take model jobs from the queue until stopped. A worker serves one model,
 * the one `--model` loads: it takes the jobs of that model's queue, named by the model id it
 * reports (`Xenova/gpt2`, or `local:<folder name>`); the default model's queue is the one
 * every job used before (HUNT_DEFAULT_MODEL, default Xenova/gpt2). Scale by running more
 * (`docker compose up --scale worker=N`); each loads the model once. On a GPU machine
 * set HUNT_DEVICE=cuda (needs onnxruntime-node's CUDA build: install it without
 * ONNXRUNTIME_NODE_INSTALL=skip, with CUDA 12 and cuDNN 9 on the host).
 */
export function workerCommand(): Command {
  const command = new Command('worker')
    .description("run queued model jobs (complete, score, tokens, evaluate, discover) of --model's queue, or with --mine the corpus-mining shards, until SIGTERM/Ctrl-C (env HUNT_DEFAULT_MODEL: the model of the plain queue; HUNT_DISCOVER_CORPORA: the corpora discover jobs may name)")
    .option('--redis-url <url>', 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'queue key prefix (env HUNT_QUEUE_PREFIX; default hunt)')
    .addOption(envOption('--batch-size <n>', 'how many waiting jobs may run as one batched forward pass; 1 = no cross-job batching', 'HUNT_BATCH_SIZE', wholeNumber('batch size', 1), 16))
    .addOption(envOption('--processes <n>', 'worker processes sharing this machine: onnxruntime threads = cores ÷ processes', 'HUNT_WORKER_PROCESSES', wholeNumber('processes', 1), 1))
    .option('--lock-duration <ms>', 'how long a job stays locked to this worker, renewed while it runs; a dead worker\'s jobs return to the queue after it (default 60 s)', wholeNumber('lock duration', 1000))
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers (default 30000)', wholeNumber('stalled interval', 100))
    .addOption(envOption('--shutdown-deadline <s>', 'on SIGTERM, how long in-flight jobs may finish before they are handed back', 'HUNT_SHUTDOWN_DEADLINE', positiveNumber('shutdown deadline'), 30))
    .addOption(new Option('--log-level <level>', 'log level (env LOG_LEVEL)').choices(['debug', 'info', 'warn', 'error']).default(process.env.LOG_LEVEL ?? 'info'))
    .addOption(logFormatOption())
    .option('--mine', 'serve the corpus-mining jobs of `hunt enqueue mine` instead (no model is loaded; --model is only where tokenizers come from when a job names none)')
    .option('--scan-threads <n>', 'with --mine: scan threads per shard (default: one per core)', wholeNumber('scan threads', 1));
  addModelOptions(command);
  return command.action(async (options: WorkerCliOptions) => {
    const log = await createServiceLogger('hunt-worker', options.logLevel, resolveLogFormat(options.logFormat));
    const queue = resolveQueueConfig({ redisUrl: options.redisUrl, prefix: options.prefix });
    if (options.mine) return runMineWorker(queue, options, log);
    checkDatabaseUrl(process.env.DATABASE_URL, 'DATABASE_URL');
    // read by each discover job: a malformed setting stops the worker here, in one line, instead of failing every job as the user's mistake
    parseCorporaSetting(process.env.HUNT_DISCOVER_CORPORA);

    // A service waits for its dependencies (compose starts everything at once): retry for ever, one line a try.
    await connectWithRetry(() => probeRedis(queue.redisUrl), { attempts: Infinity });
    let catalog: Catalog | undefined;
    if (process.env.DATABASE_URL) {
      // loaded only here: the database drivers (PGlite, pg) cost every worker's start, and most run without one
      const { openCatalog } = await import('../../catalog/open-catalog.ts');
      catalog = await connectWithRetry(() => openCatalog(), { attempts: Infinity });
    } else {
      log.info('DATABASE_URL is unset: evaluations are returned but not recorded in the catalog (the embedded PGlite is single-process)');
    }

    const service = await startWorkerService({
      queue,
      source: modelSourceOptions(options),
      engineKind: options.engine,
      processes: options.processes,
      batching: { batchSize: options.batchSize, lockDurationMs: options.lockDuration, stalledIntervalMs: options.stalledInterval },
      recorder: catalog && catalogRecorder(catalog.repo),
      log,
    });

    await new Promise<void>((resolve) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          log.warn({ signal }, 'second signal: exiting now; jobs in flight return to the queue when their locks expire');
          process.exit(130);
        }
        stopping = true;
        log.info({ signal, deadlineS: options.shutdownDeadline }, 'stopping: no new jobs; finishing the ones in flight');
        void service
          .stop(options.shutdownDeadline * 1000)
          .then(async ({ handedBack }) => {
            await catalog?.close();
            log.info({ handedBack, ...service.worker.stats }, 'worker stopped');
          })
          .catch((err: unknown) => log.error({ err: String(err) }, 'unclean stop'))
          .finally(resolve);
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
  });
}

/** `hunt worker --mine`: scan and merge mining shards until SIGTERM/Ctrl-C; a shard in flight finishes first (a second signal exits at once, and the shard is re-run elsewhere). */
async function runMineWorker(queue: QueueConfig, options: WorkerCliOptions, log: Logger): Promise<void> {
  await connectWithRetry(() => probeRedis(queue.redisUrl), { attempts: Infinity });
  const worker = new MineWorker(queue, log, { scanThreads: options.scanThreads, lockDurationMs: options.lockDuration, stalledIntervalMs: options.stalledInterval });
  await worker.start();
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      log.info({ signal }, 'stopping: no new shards; finishing the one in flight');
      void worker
        .stop()
        .then(() => log.info('mine worker stopped'))
        .catch((err: unknown) => log.error({ err: String(err) }, 'unclean stop'))
        .finally(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
