import { PROPOSAL_PREFIX, parseProposalButtonId } from '../bot/custom-ids.ts';
import { PROPOSALS_TTL_S, type Proposal } from '../bot/discover-proposals.ts';
import type { ButtonHandler } from '../bot/slash-command.ts';
import { UserError } from '../bot/user-messages.ts';
import type { BotMessage } from '../bot/bot-message.ts';
import { taskSubmitModal } from './task-submit-modal.ts';

/** The candidate's task file, for the user alone, with what to do with it. */
function taskFileMessage(proposal: Proposal, lead: string): BotMessage {
  return {
    content: `${lead}\`${proposal.candidate}.yaml\` is **${proposal.title}** with ${proposal.prompts} prompt${proposal.prompts === 1 ? '' : 's'}: edit it if you like, then submit it with \`/task submit file:\` (or \`hunt eval\` it first).`,
    files: [{ name: `${proposal.candidate}.yaml`, data: Buffer.from(proposal.file, 'utf8') }],
  };
}

/**
 * The buttons under a /discover result. "Propose as task" opens the /task submit form (the same
 * form, the same handler) pre-filled with the candidate; when the form cannot hold its task it
 * says why and gives the task file instead. "Task file" gives the file. The candidates live in
 * Redis for PROPOSALS_TTL_S (bot/discover-proposals.ts).
 */
export const proposalButtonHandler: ButtonHandler = {
  prefix: PROPOSAL_PREFIX,
  async handle(interaction, reply, deps) {
    const id = parseProposalButtonId(interaction.customId);
    if (!id) throw new UserError('forged_button');
    const proposal = await deps.proposals?.get(id.runId, id.index);
    if (!proposal) throw new UserError('proposal_gone', `they are kept ${PROPOSALS_TTL_S / 86_400} days`);
    if (id.action === 'form' && proposal.form) {
      await reply.showModal(taskSubmitModal(proposal.form));
      return;
    }
    const lead = id.action === 'form' ? `${proposal.problem ?? 'The form cannot hold this task.'} Here is its file instead: ` : '';
    await reply.private(taskFileMessage(proposal, lead));
  },
};
