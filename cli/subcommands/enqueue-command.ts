import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { fromWire, HuntError, InputError, OutageError } from '../../common/errors.ts';
import { JOB_POLICIES } from '../../queue/job-policies.ts';
import { JobProducer, type EnqueuedJob } from '../../queue/job-producer.ts';
import { QueueEventsResults } from '../../queue/job-results.ts';
import { DISCOVER_DOCS_PER_SHARD_MAX, DISCOVER_N_DOCS_MAX, type JobInput, type JobName } from '../../queue/job-schemas.ts';
import { DISCOVER_MERGE_DEFAULTS } from '../../discover/merge-partials.ts';
import { discoverShardInputs, mergeDiscoverShards } from '../../queue/discover-shards.ts';
import { formatDiscoverReport } from '../format/format-discover-report.ts';
import { resolveQueueConfig, type QueueConfig } from '../../queue/queue-config.ts';
import { probeRedis } from '../../queue/redis-probe.ts';
import { parseDeclarativeTask, readTaskFileSync } from '../../tasks/declarative-task.ts';
import { BUILTIN_TASKS, findBuiltinTask } from '../../tasks/builtin/index.ts';
import { DEFAULT_N, DEFAULT_SEED } from '../../tasks/evaluate-task.ts';
import { connectWithRetry } from '../../common/connect-retry.ts';
import { checkSamplingFlags } from '../flag-caps.ts';
import { formatJobOutcome } from '../format/format-job-outcome.ts';
import { queueTarget, type QueueTarget } from '../queue-target.ts';
import { awaitWorker } from '../worker-presence.ts';
import { addTokenizeOptions, positiveNumber, wholeNumber } from '../options.ts';
import { addCompleteOptions } from './complete-command.ts';
import { addScoreOptions } from './score-command.ts';
import { enqueueMineCommand } from './enqueue-mine-command.ts';

interface QueueCliOptions {
  redisUrl?: string;
  prefix?: string;
  user?: string;
  model?: string;
  wait?: boolean;
  timeout: number;
  json?: boolean;
}

function addQueueOptions(command: Command, waitDefaultS = 300): Command {
  return command
    .option('--redis-url <url>', 'Redis (env REDIS_URL; default redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'queue key prefix (env HUNT_QUEUE_PREFIX; default hunt)')
    .option('--user <id>', 'who is asking, for the per-user quota (default cli:<login>)')
    .option('--model <id|folder>', 'the model to run it on, written as for `hunt worker --model` (a hub id or a folder; or the id a worker reports, e.g. local:tiny-gpt2): that model\'s queue (env HUNT_MODEL; default: HUNT_DEFAULT_MODEL, else Xenova/gpt2)')
    .option('--wait', 'wait for the result and print it')
    .option('--timeout <s>', 'with --wait: give up waiting after this long (the whole wait)', positiveNumber('timeout'), waitDefaultS)
    .option('--json', 'print JSON (the job id, or with --wait the result)');
}

/** What an enqueue opens: the queue of --model, a producer, and with --wait the results (ready before anything is queued). */
interface QueueSession {
  config: QueueConfig;
  target: QueueTarget;
  producer: JobProducer;
  results?: QueueEventsResults;
  /** who is asking, for the per-user quota */
  userId: string;
}

/** Open the session for `options`, run `use` with it, and close it whatever happens. */
async function withQueueSession<T>(options: QueueCliOptions, use: (session: QueueSession) => Promise<T>): Promise<T> {
  const config = resolveQueueConfig({ redisUrl: options.redisUrl, prefix: options.prefix });
  const target = queueTarget(options.model, config, { redisUrl: options.redisUrl, prefix: options.prefix });
  await connectWithRetry(() => probeRedis(config.redisUrl));
  const producer = new JobProducer(config);
  const results = options.wait ? new QueueEventsResults(config, target.model) : undefined;
  try {
    await results?.ready();
    return await use({ config, target, producer, results, userId: options.user ?? `cli:${userInfo().username}` });
  } finally {
    await results?.close();
    await producer.close();
  }
}

/** Enqueue one job; with --wait, print its result like the direct command would. */
async function enqueueAndReport<N extends JobName>(name: N, input: JobInput<N>, options: QueueCliOptions): Promise<void> {
  return withQueueSession(options, async ({ config, target, producer, results, userId }) => {
    const job = await producer.enqueue(name, input, { userId, model: target.model });
    if (!results) {
      console.log(options.json ? JSON.stringify(job) : `${job.id}${job.deduplicated ? ' (an identical job was already queued: sharing its result)' : ''}`);
      return;
    }
    // A job nobody serves would wait out the whole timeout: say so within seconds instead
    // (unless it has finished already: an identical job's kept result).
    const served = await awaitWorker(config, target.queue, { stopped: async () => (await results.outcomeOf(job.id)) !== undefined });
    if (!served) {
      throw new OutageError(`no worker serves the queue ${target.queue} (model ${target.model}); start one with \`${target.workerCommand}\`. Job ${job.id} stays queued: \`hunt result ${job.id}\` prints it once a worker has run it`);
    }
    const done = await results.wait(job.id, name, options.timeout * 1000);
    if (done.status === 'failed') {
      throw fromWire({ code: done.failure.code, message: `job ${job.id} failed: ${done.failure.message}`, permanent: done.failure.code !== 'unavailable' });
    }
    console.log(formatJobOutcome(done, Boolean(options.json)));
  });
}

interface DiscoverEnqueueOptions extends QueueCliOptions {
  shards: number;
  nDocs?: number;
  minProb?: number;
  margin?: number;
  shortContext?: number;
  seed?: number;
  minWins: number;
  examples: number;
}

/**
 * One `discover` job per shard; with --wait, every shard's partial result merged into the
 * report `hunt discover` prints. A failed shard fails the whole report (a merge of some shards
 * would count part of the corpus as if it were all of it).
 */
async function enqueueDiscover(corpus: string, options: DiscoverEnqueueOptions): Promise<void> {
  return withQueueSession(options, async ({ config, target, producer, results, userId }) => {
    const jobs: EnqueuedJob[] = [];
    const scan = { corpus, n_docs: options.nDocs, min_prob: options.minProb, margin: options.margin, short_context: options.shortContext, seed: options.seed };
    for (const input of discoverShardInputs(scan, options.shards)) jobs.push(await producer.enqueue('discover', input, { userId, model: target.model }));
    if (!results) {
      console.log(options.json ? JSON.stringify(jobs) : jobs.map((j) => j.id).join('\n'));
      return;
    }
    const served = await awaitWorker(config, target.queue, { stopped: async () => (await results.outcomeOf(jobs[0].id)) !== undefined });
    if (!served) {
      throw new OutageError(`no worker serves the queue ${target.queue} (model ${target.model}); start one with \`${target.workerCommand}\`. The ${jobs.length} shard jobs stay queued`);
    }
    const partials = [];
    // --timeout bounds the whole wait, not each shard's
    const deadline = Date.now() + options.timeout * 1000;
    for (const job of jobs) {
      const done = await results.wait(job.id, 'discover', Math.max(1, deadline - Date.now()));
      if (done.status === 'failed') throw new HuntError(done.failure.code, `shard job ${job.id} failed: ${done.failure.message}`, done.failure.code !== 'unavailable');
      partials.push(done.result);
    }
    const { report } = mergeDiscoverShards(partials, { minWins: options.minWins, examples: options.examples, seed: options.seed });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatDiscoverReport(report));
  });
}

/**
 * A task argument: a built-in task id, or a declarative task file (JSON or YAML) whose
 * content travels in the job. Checked here too, so a bad task fails before it is queued.
 */
export function taskRef(spec: string): JobInput<'evaluate'>['task'] {
  const looksLikeFile = /\.(json|ya?ml)$/i.test(spec) || spec.includes(path.sep);
  if (!looksLikeFile) {
    const builtin = findBuiltinTask(spec);
    if (!builtin) throw new InputError('bad_task', `no built-in task "${spec}" (built-in: ${BUILTIN_TASKS.map((t) => t.id).join(', ')}); a task file must end in .json, .yaml or .yml`);
    return { builtin: builtin.id };
  }
  if (!existsSync(spec)) throw new InputError('not_found', `no task file at ${spec}`);
  const definition = readTaskFileSync(spec);
  parseDeclarativeTask(definition, spec);
  return { definition, origin: spec };
}

/** `hunt enqueue <kind> …`: feed the workers from a terminal. */
export function enqueueCommand(): Command {
  const enqueue = new Command('enqueue').description('put a job on the queue for `hunt worker` (`hunt worker --mine` for `enqueue mine`): prints the job id, or the result with --wait');

  const complete = addTokenizeOptions(
    addCompleteOptions(new Command('complete').description('next-token predictions and a continuation (as `hunt complete`)').argument('<prompt>', 'the text to continue')),
  );
  addQueueOptions(complete).action((prompt: string, o: QueueCliOptions & { top: number; tokens: number; sample?: boolean; temperature: number; seed: number; bos: boolean; truncate?: boolean }) => {
    checkSamplingFlags(complete);
    return enqueueAndReport('complete', { prompt, top: o.top, tokens: o.tokens, sample: Boolean(o.sample), temperature: o.temperature, seed: o.seed, bos: o.bos, truncate: Boolean(o.truncate) }, o);
  });

  const score = addTokenizeOptions(
    addScoreOptions(new Command('score').description('score answers as continuations of a prompt (as `hunt score`)').argument('<prompt>', 'the text before the answer')),
  );
  addQueueOptions(score).action((prompt: string, o: QueueCliOptions & { answer?: string[]; top: number; bos: boolean; truncate?: boolean }) =>
    enqueueAndReport('score', { prompt, answers: o.answer ?? [], top: o.top, bos: o.bos, truncate: Boolean(o.truncate) }, o),
  );

  const tokens = addTokenizeOptions(new Command('tokens').description('per-token log-probs of a text (as `hunt tokens`)').argument('<text>', 'the text to score'));
  addQueueOptions(tokens).action((text: string, o: QueueCliOptions & { bos: boolean; truncate?: boolean }) =>
    enqueueAndReport('tokens', { text, bos: o.bos, truncate: Boolean(o.truncate) }, o),
  );

  const evaluate = new Command('evaluate')
    .description('evaluate a task (as `hunt eval`): a built-in id, or a declarative task file (.json/.yaml)')
    .argument('<task>', 'built-in task id, or path to a task file')
    .option('--n <count>', `prompts to generate (default ${DEFAULT_N})`, wholeNumber('n', 1))
    .option('--seed <seed>', `seed of the prompts, controls and bootstrap (default ${DEFAULT_SEED})`, wholeNumber('seed', 0))
    .option('--catalog-task <id>', 'record the evaluation on this catalog task (workers with DATABASE_URL)', wholeNumber('catalog task', 1));
  addQueueOptions(evaluate).action((spec: string, o: QueueCliOptions & { n?: number; seed?: number; catalogTask?: number }) =>
    enqueueAndReport('evaluate', { task: taskRef(spec), n: o.n, seed: o.seed, catalog_task_id: o.catalogTask }, o),
  );

  const discover = new Command('discover')
    .description('scan a corpus the workers offer (HUNT_DISCOVER_CORPORA) for in-context wins, as `hunt discover`: one job per shard, merged')
    .argument('<corpus>', "a corpus name from the workers' HUNT_DISCOVER_CORPORA (a job never carries a path)")
    .option('--shards <n>', 'jobs the scan is cut into, for as many workers', wholeNumber('shards', 1, 256), 1)
    .option('--n-docs <n>', `documents read (at most ${DISCOVER_N_DOCS_MAX.toLocaleString('en-US')}, and ${DISCOVER_DOCS_PER_SHARD_MAX} a shard so a shard fits its timeout; default ${DISCOVER_DOCS_PER_SHARD_MAX})`, wholeNumber('n-docs', 1, DISCOVER_N_DOCS_MAX))
    .option('--min-prob <p>', 'a win needs P(model) ≥ p (default 0.3)', positiveNumber('min-prob'))
    .option('--margin <nats>', 'a win needs log P(model) this far above each baseline (default 1.6)', positiveNumber('margin'))
    .option('--short-context <k>', 'the short-context baseline sees the last k tokens (default 4)', wholeNumber('short-context', 1, 64))
    .option('--seed <n>', 'seed of the sampled wins', wholeNumber('seed', 0))
    .option('--min-wins <n>', 'with --wait: a candidate needs at least n wins', wholeNumber('min-wins', 1), DISCOVER_MERGE_DEFAULTS.minWins)
    .option('--examples <n>', 'with --wait: examples shown per candidate', wholeNumber('examples', 0, 100), DISCOVER_MERGE_DEFAULTS.examples);
  // a shard may run for its whole job timeout, then retry: the default wait covers that, for all shards at once
  addQueueOptions(discover, (JOB_POLICIES.discover.timeoutMs * JOB_POLICIES.discover.attempts) / 1000).action((corpus: string, o: DiscoverEnqueueOptions) => enqueueDiscover(corpus, o));

  // Nested commands do not inherit exitOverride from main.ts: errors must reach main()'s one-line report.
  const mine = enqueueMineCommand(taskRef);
  for (const sub of [complete, score, tokens, evaluate, discover, mine]) enqueue.addCommand(sub.exitOverride());
  return enqueue;
}
