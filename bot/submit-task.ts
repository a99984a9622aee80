import { catalogFields, evaluationRow } from '../catalog/evaluation-fields.ts';
import { findNearDuplicates, knownTasks, type NearDuplicate } from '../tasks/near-duplicates.ts';
import type { TaskDefinition } from '../tasks/task-types.ts';
import type { BotDeps } from './bot-deps.ts';
import { taskPendingMessage, taskResultMessage } from './embeds/task-result.ts';
import type { InteractionReply } from './interaction-reply.ts';
import type { JobResultOf } from '../queue/job-result-types.ts';
import type { BotMessage } from './bot-message.ts';
import { awaitResult, enqueueFor, trackPending } from './run-job.ts';
import { parseDeclarativeTask } from '../tasks/declarative-task.ts';
import { jobResultRecord, resultLinkFor } from '../web/bot-result-link.ts';

/**
 * A submitted definition, from the form or a file, after the interaction was deferred:
 * validate it (every problem at once), warn about near-duplicates, store it, enqueue its
 * evaluation, show "evaluating…", and edit the result in — metrics, verdict, worst
 * instances and vote buttons — when the worker is done.
 */
export async function submitTask(reply: InteractionReply, deps: BotDeps, definition: Record<string, unknown>): Promise<void> {
  const user = reply.interaction.user.id;
  // every problem of the definition at once, or the task
  const task = parseDeclarativeTask(definition, 'your task');
  let duplicates: NearDuplicate[];
  try {
    duplicates = findNearDuplicates({ task, definition }, knownTasks(await deps.catalog.exportRecords()));
  } catch (err) {
    // A warning only: a catalog that cannot be read now must not stop the submission.
    deps.log.warn({ err }, 'near-duplicate check failed');
    duplicates = [];
  }
  // The quota first: a refused submission stores nothing.
  await deps.producer.takeQuota(user);
  const row = await deps.catalog.submitTask({
    definition,
    submitter: user,
    guildId: reply.interaction.guildId ?? undefined,
    channelId: reply.interaction.channelId ?? undefined,
  });
  const job = await enqueueFor(reply, deps, 'evaluate', { task: { definition, origin: `task #${row.id}` }, catalog_task_id: row.id }, undefined, { quotaTaken: true });
  const submitted = { id: row.id, submitter: user };
  const pending = await trackPending(reply, deps, 'evaluate', [job], row.id);
  try {
    await reply.result(taskPendingMessage(submitted, task.title, duplicates));
    const result = await awaitResult(deps, { ...job, name: 'evaluate' }, pending);
    if (!result) return;
    // the whole report (every figure, the worst prompts) on its web page
    const link = await resultLinkFor(deps, jobResultRecord('evaluation', { task: definition, catalog_task_id: row.id }, result.report, result.report.seed, result.provenance));
    const message = await evaluatedTaskMessage(deps, submitted, job.id, result, duplicates, link);
    if (!(await pending.claim())) return; // a restarted bot took the wait over and posts it
    await reply.result(message);
  } finally {
    await pending.forget();
  }
}

/** The result message of a submitted task's evaluation, recording the evaluation first when the worker could not. */
export async function evaluatedTaskMessage(
  deps: Pick<BotDeps, 'catalog'>,
  submitted: { id: number; submitter: string },
  jobId: string,
  result: JobResultOf<'evaluate'>,
  duplicates: readonly NearDuplicate[] = [],
  /** the result's web page, when results are stored */
  link?: string,
): Promise<BotMessage> {
  if (result.evaluation_id === undefined) {
    // The worker had no catalog to write to (an embedded PGlite belongs to one process): record it here, once per job,
    // under the provenance the worker attached (a result from an older worker carries none: its model id only).
    await deps.catalog.recordEvaluation(
      result.provenance
        ? evaluationRow(submitted.id, jobId, result.report, result.provenance)
        : { taskId: submitted.id, jobId, modelId: result.report.model, modelRevision: 'unknown', ...catalogFields(result.report), seed: result.report.seed, n: result.report.n },
    );
  }
  const detail = await deps.catalog.taskDetail(submitted.id);
  const tally = detail?.tally ?? { net: 0, up: 0, down: 0, inCatalog: false };
  return taskResultMessage(submitted, result.report, tally, duplicates, link);
}
