import type { EnqueuedJob } from '../queue/job-producer.ts';
import type { JobProgressOf } from '../queue/job-result-types.ts';
import type { JobName } from '../queue/job-schemas.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotMessage } from './bot-message.ts';
import type { InteractionReply } from './interaction-reply.ts';

/** A first view being shown while a job runs; `end()` before the result or the error goes out. */
export interface JobPreview {
  /** stop showing progress, and wait for a view already on its way to Discord (so it never lands over the result) */
  end(): Promise<void>;
}

/**
 * Show a job's first progress (a part of its result known early) in the deferred reply, once,
 * while the job runs: a /complete shows its next tokens before the continuation is generated.
 * A bot that is stopping shows nothing new (a restarted bot posts the result; an old view
 * landing after it would hide it). A view that cannot be rendered or sent is logged and
 * skipped: the result still follows.
 */
export function previewJob<N extends JobName>(
  reply: InteractionReply,
  deps: BotDeps,
  job: EnqueuedJob & { name: N },
  render: (progress: JobProgressOf<N>) => BotMessage,
): JobPreview {
  let shown: Promise<unknown> | undefined;
  const stop = deps.results.for(job.model).watchProgress(job.id, job.name, (progress) => {
    if (shown || deps.pending?.stopping) return;
    stop();
    shown = Promise.resolve()
      .then(() => reply.preview(render(progress)))
      .catch((err: unknown) => deps.log.warn({ err, job: job.id }, 'could not show a first view'));
  });
  return {
    async end() {
      stop();
      await shown;
    },
  };
}
