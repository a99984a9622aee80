import { DiscordAPIError, type REST } from 'discord.js';
import type { JobOutcome } from '../queue/job-results.ts';
import type { CompleteReport } from '../reports/complete-report.ts';
import { mergeScoreReports, type ScoreReport } from '../reports/score-report.ts';
import type { JobResultOf } from '../queue/job-result-types.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotMessage } from './bot-message.ts';
import { completeResultMessage } from './embeds/complete-result.ts';
import { scoreResultMessage } from './embeds/score-result.ts';
import { editOriginalReply, INTERACTION_TOKEN_LIFETIME_MS, postChannelMessage, TOKEN_EXPIRY_MARGIN_MS } from './interaction-reply.ts';
import type { PendingEntry, PendingJobs } from './pending-jobs.ts';
import { resultWaitMs } from './run-job.ts';
import { evaluatedTaskMessage } from './submit-task.ts';
import { discoveredMessage } from './discovered-message.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import { renderTopKChart } from './top-k-chart.ts';
import { userMessageForError, userMessageForFailure } from './user-messages.ts';

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

/** The interaction's token still works (Discord keeps it 15 minutes), with the margin the live bot keeps too. */
function tokenAlive(entry: PendingEntry, now: number): entry is PendingEntry & { interaction: NonNullable<PendingEntry['interaction']> } {
  return entry.interaction !== undefined && now < entry.interaction.createdAt + INTERACTION_TOKEN_LIFETIME_MS - TOKEN_EXPIRY_MARGIN_MS;
}

/**
 * Wait for one entry's jobs and put its result (or why it failed) where the user asked: into
 * the original reply while the interaction token lives, else in a new channel message that
 * mentions the user. Called once per entry (claimAll took it out of Redis before), so it posts once.
 */
async function deliver(rest: REST, deps: BotDeps, entry: PendingEntry): Promise<void> {
  const left = (name: PendingEntry['jobs'][number]['name']) => Math.max(60_000, resultWaitMs(name) - (Date.now() - entry.createdAt));
  const jobs = entry.jobs.map((j) => j.id);
  let message: BotMessage;
  try {
    const outcomes = await Promise.all(entry.jobs.map((job) => deps.results.for(job.model).wait(job.id, job.name, left(job.name))));
    const failed = outcomes.find((o) => o.status === 'failed');
    message = failed?.status === 'failed' ? { content: userMessageForFailure(failed.failure) } : await render(entry, outcomes as Finished[], deps);
  } catch (err) {
    // The wait ended without a result (it timed out, Redis is out of reach): this bot claimed the
    // entry, so nobody else will tell the user; they hear why, as the live path's router would say it.
    deps.log.warn({ err, jobs }, 'no result for a resumed wait');
    message = { content: userMessageForError(err) };
  }
  if (tokenAlive(entry, deps.clock.now())) {
    try {
      await editOriginalReply(rest, entry.interaction, entry.userId, message);
      deps.log.info({ jobs, kind: entry.kind, via: 'interaction' }, 'pending result delivered after restart');
      return;
    } catch (err) {
      // Discord refused the edit (the token ended early, the reply was deleted): the channel is left.
      // Only a refusal falls through; a network fault may have edited it, and a second post is what this avoids.
      if (!(err instanceof DiscordAPIError)) throw err;
      // the error's url holds the interaction token: log the refusal's code only
      deps.log.warn({ jobs, status: err.status, code: err.code }, 'could not edit the original reply; posting in the channel');
    }
  }
  const intro = `<@${entry.userId}>, the result you asked for before the bot restarted:`;
  await postChannelMessage(rest, entry.channelId, entry.userId, { ...message, content: message.content ? `${intro}\n${message.content}` : intro });
  deps.log.info({ jobs, kind: entry.kind, via: 'channel' }, 'pending result delivered after restart');
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
