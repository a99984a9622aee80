import { fromWire, OutageError } from '../common/errors.ts';
import type { JobResultOf } from '../queue/job-result-types.ts';
import type { EnqueuedJob } from '../queue/job-producer.ts';
import { JOB_POLICIES, RETRY_BACKOFF_MS } from '../queue/job-policies.ts';
import type { JobInput, JobName } from '../queue/job-schemas.ts';
import type { BotDeps, PendingKind } from './bot-deps.ts';
import type { InteractionReply } from './interaction-reply.ts';
import type { PendingHandle } from './pending-jobs.ts';

export const DEFAULT_ENQUEUE_TIMEOUT_MS = 10_000;

/**
 * How long the bot waits for a job: every attempt running to its timeout, the backoff
 * between them, and a few minutes in the queue. Past it the user hears the queue is
 * not answering (the job may still finish; its result is then dropped).
 */
export function resultWaitMs(name: JobName): number {
  const policy = JOB_POLICIES[name];
  return policy.attempts * policy.timeoutMs + RETRY_BACKOFF_MS * 2 ** policy.attempts + 5 * 60_000;
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)))]).finally(() => clearTimeout(timer));
}

/**
 * Put a job on the queue of `model` (default: the default model's) for the user of this
 * interaction. A refusal (quota, a bad payload, Redis out of reach) throws: the router tells the user.
 */
export async function enqueueFor<N extends JobName>(
  reply: InteractionReply,
  deps: BotDeps,
  name: N,
  input: JobInput<N>,
  model?: string,
  options: { quotaTaken?: boolean } = {},
): Promise<EnqueuedJob> {
  const timeoutMs = deps.enqueueTimeoutMs ?? DEFAULT_ENQUEUE_TIMEOUT_MS;
  const enqueued = deps.producer.enqueue(name, input, { userId: reply.interaction.user.id, model, quotaTaken: options.quotaTaken });
  return withTimeout(enqueued, timeoutMs, () => {
    // The user is told it failed, so it must not run later when Redis comes back.
    enqueued.then(
      (late) => deps.producer.withdraw(late).then((removed) => deps.log.info({ job: late.id, removed }, 'late enqueue withdrawn')),
      () => {},
    ).catch((err: unknown) => deps.log.warn({ err }, 'could not withdraw a late enqueue'));
    return new OutageError(`Redis did not take the job within ${timeoutMs / 1000} s`);
  });
}

/**
 * Wait for a job's result on its model's queue. A failed job or a timeout throws (the router
 * tells the user); undefined when the bot is stopping (the wait was cut short, not answered,
 * and the next bot posts the result) or, with the wait's `pending` handle, when a restarted
 * bot claimed the wait first (it tells the user).
 */
export async function awaitResult<N extends JobName>(
  deps: BotDeps,
  job: EnqueuedJob & { name: N },
  pending?: Pick<PendingHandle, 'claim'>,
): Promise<JobResultOf<N> | undefined> {
  let outcome;
  try {
    outcome = await deps.results.for(job.model).wait(job.id, job.name, resultWaitMs(job.name));
  } catch (err) {
    if (deps.pending?.stopping) return undefined;
    deps.log.warn({ err, job: job.id }, 'no result');
    if (pending && !(await pending.claim())) return undefined;
    throw err;
  }
  if (outcome.status === 'completed') return outcome.result;
  deps.log.info({ job: job.id, failure: outcome.failure }, 'job failed');
  if (pending && !(await pending.claim())) return undefined;
  // the worker's failure, read back from the queue's wire: the router words it by its code
  throw fromWire({ code: outcome.failure.code, message: outcome.failure.message, permanent: outcome.failure.code !== 'unavailable' });
}

/** A wait that no store keeps: this bot alone posts. */
const UNTRACKED: PendingHandle = { claim: async () => true, forget: async () => {} };

/**
 * Remember, where a restarted bot finds it, that this interaction waits for `jobs`; returns the
 * handle whose `claim()` comes right before posting the answer (false: a restarted bot took the
 * wait over and posts it) and whose `forget()` ends a wait that posted nothing. A store that
 * cannot be written or read only costs the restart guarantee, never the answer.
 */
export async function trackPending(
  reply: InteractionReply,
  deps: BotDeps,
  kind: PendingKind,
  jobs: readonly EnqueuedJob[],
  taskId?: number,
): Promise<PendingHandle> {
  const channelId = reply.interaction.channelId;
  if (!deps.pending || !channelId) return UNTRACKED;
  const { applicationId, token } = reply.interaction;
  try {
    const handle = await deps.pending.track({
      kind,
      jobs: jobs.map(({ id, name, model }) => ({ id, name, model })),
      userId: reply.interaction.user.id,
      channelId,
      taskId,
      interaction: { applicationId, token, createdAt: reply.createdAt },
    });
    return {
      claim: () =>
        handle.claim().catch((err: unknown) => {
          deps.log.warn({ err }, 'could not claim a pending job; posting anyway');
          return true;
        }),
      forget: () => handle.forget().catch((err: unknown) => deps.log.warn({ err }, 'could not forget a pending job')),
    };
  } catch (err) {
    deps.log.warn({ err }, 'could not remember a pending job');
    return UNTRACKED;
  }
}
