import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { canonicalJson } from '../common/canonical-json.ts';
import { InputError } from '../common/errors.ts';
import { JOB_POLICIES, KEEP_COMPLETED, KEEP_FAILED, RETRY_BACKOFF_MS } from './job-policies.ts';
import { parseJob, type HuntJob, type JobInput, type JobName } from './job-schemas.ts';
import { bullConnection, modelIdProblem, queueNameFor, type QueueConfig } from './queue-config.ts';
import { UserQuota, type QuotaOptions } from './user-quota.ts';

export interface EnqueuedJob {
  id: string;
  name: JobName;
  /** the model it is queued for: its outcome is reported on that model's queue */
  model: string;
  /** an identical job was already queued, running or finished inside the keep window: its result is shared */
  deduplicated: boolean;
}

export interface EnqueueOptions {
  /** who asked: the quota is counted per user (a Discord user id, or "cli:<login>") */
  userId: string;
  /** the model to run it on, as workers report their model id; default the queue's default model */
  model?: string;
  /** the caller already took this job's quota slot with takeQuota (it had to know before storing anything) */
  quotaTaken?: boolean;
}

export interface ProducerOptions {
  quota?: QuotaOptions;
}

/**
 * The job id is the content hash of the validated payload: BullMQ does not add a job
 * whose id exists, so identical requests (same kind, same data after defaults) share
 * one computation while that job is waiting, running, or kept as completed
 * (KEEP_COMPLETED.age). BullMQ ids may not contain ":".
 *
 * @example contentJobId({ name: 'tokens', data: { text: 'Hi', bos: true, truncate: false } }) // 'tokens-3f1c…' (32 hex digits)
 */
export function contentJobId(job: HuntJob): string {
  const hash = createHash('sha256').update(`${job.name}\n${canonicalJson(job.data)}`).digest('hex');
  return `${job.name}-${hash.slice(0, 32)}`;
}

/** Connection errors are reported by the command that fails on them, not as events. */
export const ignoreConnectionError = (): void => {};

/**
 * Puts validated jobs on their model's queue. Knows nothing about Discord or the CLI: both
 * call `enqueue` and then wait on that model's JobResults for the outcome.
 */
export class JobProducer {
  /** the default model's queue */
  readonly queue: Queue;
  /** every model's queue used so far, by model id; opened on first use */
  private readonly queues = new Map<string, Queue>();
  private readonly redis: Redis;
  private readonly quota: UserQuota;

  constructor(
    readonly config: QueueConfig,
    options: ProducerOptions = {},
  ) {
    this.queue = this.queueFor(config.defaultModel);
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    // Without a listener ioredis prints "[ioredis] Unhandled error event" and a stack for every
    // reconnect attempt. A lost connection already fails the command that needed it.
    this.redis.on('error', ignoreConnectionError);
    this.quota = new UserQuota(this.redis, config.prefix, options.quota);
  }

  /** The queue of one model's jobs (see queueNameFor). */
  queueFor(model: string): Queue {
    let queue = this.queues.get(model);
    if (!queue) {
      queue = new Queue(queueNameFor(model, this.config), { connection: bullConnection(this.config), prefix: this.config.prefix });
      queue.on('error', ignoreConnectionError);
      this.queues.set(model, queue);
    }
    return queue;
  }

  /**
   * Validate, count against the user's quota, and enqueue on the model's queue (or join an
   * identical job there). Throws InputError `bad_payload`, `bad_option` (a bad model id) or
   * `quota_exceeded`; nothing reaches the queue then. Whether any worker serves the model is
   * not known here: a front end checks its list of served models first.
   *
   * @example await producer.enqueue('tokens', { text: 'Hi' }, { userId: 'cli:ada', model: 'local:tiny-gpt2' })
   * // { id: 'tokens-3f1c…', name: 'tokens', model: 'local:tiny-gpt2', deduplicated: false }
   */
  async enqueue<N extends JobName>(name: N, input: JobInput<N>, options: EnqueueOptions): Promise<EnqueuedJob> {
    const parsed = parseJob(name, input);
    if (!parsed.ok) throw new InputError('bad_payload', parsed.reason);
    if (!options.userId) throw new InputError('bad_option', 'enqueue needs the id of the user who asked (for the quota)');
    const model = options.model ?? this.config.defaultModel;
    const problem = modelIdProblem(model);
    if (problem) throw new InputError('bad_option', `model ${problem}`);
    if (!options.quotaTaken) await this.quota.takeOrThrow(options.userId);
    return this.add(parsed.job, model);
  }

  /**
   * Take one of the user's quota slots now, or throw `quota_exceeded`: for a front end that
   * must know before it stores anything (a task submission), then enqueues with `quotaTaken`.
   */
  async takeQuota(userId: string): Promise<void> {
    if (!userId) throw new InputError('bad_option', 'the quota needs the id of the user who asked');
    await this.quota.takeOrThrow(userId);
  }

  /** Add an already validated job; no quota. For trusted producers (benchmarks, re-queues). */
  async add(job: HuntJob, model = this.config.defaultModel): Promise<EnqueuedJob> {
    const id = contentJobId(job);
    const policy = JOB_POLICIES[job.name];
    const queue = this.queueFor(model);
    const existing = await queue.getJob(id);
    let deduplicated = false;
    if (existing) {
      // A failed job keeps its id until KEEP_FAILED runs out; asking again means trying again.
      if (await existing.isFailed()) await existing.remove().catch(() => {});
      else deduplicated = true;
    }
    await queue.add(job.name, job.data, {
      jobId: id,
      priority: policy.priority,
      attempts: policy.attempts,
      backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
    return { id, name: job.name, model, deduplicated };
  }

  /**
   * Take back a job nobody waits for any more (its enqueue timed out for the user) unless a
   * worker already holds it. A job that joined an identical earlier request is left alone:
   * someone else asked for it. Returns whether it was removed.
   */
  async withdraw(job: EnqueuedJob): Promise<boolean> {
    if (job.deduplicated) return false;
    return (await this.queueFor(job.model).remove(job.id)) === 1;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.redis.disconnect();
  }
}
