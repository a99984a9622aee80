import type { REST } from 'discord.js';
import type { JobOutcome } from '../queue/job-results.ts';
import type { CompleteReport } from '../reports/complete-report.ts';
import { mergeScoreReports, type ScoreReport } from '../reports/score-report.ts';
import type { JobResultOf } from '../queue/job-result-types.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotMessage } from './bot-message.ts';
import { completeResultMessage } from './embeds/complete-result.ts';
import { scoreResultMessage } from './embeds/score-result.ts';
import { postChannelMessage } from './interaction-reply.ts';
import type { PendingEntry, PendingJobs } from './pending-jobs.ts';
import { resultWaitMs } from './run-job.ts';
import { evaluatedTaskMessage } from './submit-task.ts';
import { discoveredMessage } from './discovered-message.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import { renderTopKChart } from './top-k-chart.ts';
import { userMessageForFailure } from './user-messages.ts';

type Finished = JobOutcome & { status: 'completed' };

async function render(entry: PendingEntry, outcomes: Finished[], deps: BotDeps): Promise<BotMessage> {
  const results = outcomes.map((o) => o.result);
  if (entry.kind === 'complete') {
    const report = results[0] as CompleteReport;
    return completeResultMessage(report, renderTopKChart(report.top));
  }
  if (entry.kind === 'score') return scoreResultMessage(mergeScoreReports(results as ScoreReport[]));
  if (entry.kind === 'discover') return discoveredMessage(deps, results as DiscoverPartial[]);
  return evaluatedTaskMessage(deps, { id: entry.taskId ?? 0, submitter: entry.userId }, entry.jobs[0].id, results[0] as JobResultOf<'evaluate'>);
}

/** Wait for one entry's jobs and post its result (or why it failed) in its channel, mentioning its user. */
async function deliver(rest: REST, deps: BotDeps, entry: PendingEntry): Promise<void> {
  const left = (name: PendingEntry['jobs'][number]['name']) => Math.max(60_000, resultWaitMs(name) - (Date.now() - entry.createdAt));
  const outcomes = await Promise.all(entry.jobs.map((job) => deps.results.for(job.model).wait(job.id, job.name, left(job.name))));
  const failed = outcomes.find((o) => o.status === 'failed');
  const message: BotMessage = failed?.status === 'failed' ? { content: userMessageForFailure(failed.failure) } : await render(entry, outcomes as Finished[], deps);
  const intro = `<@${entry.userId}>, the result you asked for before the bot restarted:`;
  await postChannelMessage(rest, entry.channelId, entry.userId, { ...message, content: message.content ? `${intro}\n${message.content}` : intro });
  deps.log.info({ jobs: entry.jobs.map((j) => j.id), kind: entry.kind }, 'pending result delivered after restart');
}

/**
 * Take over the waits an earlier bot left (it was restarted or crashed while users waited)
 * and post each result once. Returns how many were taken; each is delivered in the background.
 */
export async function resumePendingJobs(rest: REST, deps: BotDeps, pending: Pick<PendingJobs, 'claimAll'>): Promise<{ resumed: number; delivered: Promise<void> }> {
  const entries = await pending.claimAll();
  const delivered = Promise.all(
    entries.map((entry) => deliver(rest, deps, entry).catch((err: unknown) => deps.log.warn({ err, jobs: entry.jobs.map((j) => j.id) }, 'could not deliver a pending result'))),
  ).then(() => undefined);
  return { resumed: entries.length, delivered };
}
