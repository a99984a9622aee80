import type { ButtonHandler } from '../bot/slash-command.ts';
import { parseVoteButtonId, VOTE_PREFIX } from '../bot/custom-ids.ts';
import { catalogAddedMessage } from '../bot/embeds/task-result.ts';
import { voteButtons } from '../bot/embeds/vote-buttons.ts';
import { UserError } from '../bot/user-messages.ts';

/**
 * 👍 / 👎 under a task. One vote per user per task: the other button changes it, the same
 * button again withdraws it. The counts on the message update at once; when this vote
 * brings the net count to the threshold, the task enters the catalog (exactly once: the
 * catalog decides, in one transaction) and the bot says so in the channel.
 */
export const voteButtonHandler: ButtonHandler = {
  prefix: VOTE_PREFIX,
  async handle(interaction, reply, deps) {
    const vote = parseVoteButtonId(interaction.customId);
    if (!vote) throw new UserError('unknown_command', 'this button');
    const user = interaction.user.id;
    const outcome = await deps.catalog.vote(vote.taskId, user, vote.direction === 'up' ? 1 : -1);
    const tally = outcome.vote === 'same' ? await deps.catalog.withdrawVote(vote.taskId, user) : outcome;
    deps.log.info({ task: vote.taskId, user, direction: vote.direction, vote: outcome.vote, net: tally.net, added: outcome.added }, 'vote');
    await reply.update({ components: voteButtons(vote.taskId, tally) });
    if (outcome.added) {
      const task = await deps.catalog.getTask(vote.taskId);
      const title = typeof task?.definition.title === 'string' ? task.definition.title : (task?.slug ?? `task #${vote.taskId}`);
      await reply.announce(catalogAddedMessage({ id: vote.taskId, submitter: task?.submitter ?? '' }, title, outcome.net, deps.catalog.threshold));
    }
  },
};
