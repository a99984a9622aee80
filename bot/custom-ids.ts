import { CUSTOM_ID_MAX } from './discord-limits.ts';

/**
 * Custom ids of the bot's buttons and modals carry only ids (a task number), never
 * state or text: state lives in the catalog, and a custom id is at most 100 characters.
 */
export type VoteDirection = 'up' | 'down';

export const VOTE_PREFIX = 'vote';
export const TASK_SUBMIT_MODAL_ID = 'task-submit';
/** the buttons under a /discover result: a candidate proposed as a task (the form, or its task file) */
export const PROPOSAL_PREFIX = 'proposal';
export type ProposalAction = 'form' | 'file';

function checked(id: string): string {
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom id over ${CUSTOM_ID_MAX} characters: ${id.slice(0, 40)}…`);
  return id;
}

/** @example voteButtonId('up', 12) // 'vote:up:12' */
export function voteButtonId(direction: VoteDirection, taskId: number): string {
  return checked(`${VOTE_PREFIX}:${direction}:${taskId}`);
}

/** @example parseVoteButtonId('vote:down:12') // { direction: 'down', taskId: 12 } */
export function parseVoteButtonId(customId: string): { direction: VoteDirection; taskId: number } | undefined {
  const match = /^vote:(up|down):([1-9]\d{0,9})$/.exec(customId);
  if (!match) return undefined;
  return { direction: match[1] as VoteDirection, taskId: Number(match[2]) };
}

/**
 * A candidate's button: the run's id (its proposals are kept in Redis, bot/discover-proposals.ts) and the candidate's number.
 *
 * @example proposalButtonId('form', '9f86d081884c7d65', 0) // 'proposal:form:9f86d081884c7d65:0'
 */
export function proposalButtonId(action: ProposalAction, runId: string, index: number): string {
  return checked(`${PROPOSAL_PREFIX}:${action}:${runId}:${index}`);
}

/** @example parseProposalButtonId('proposal:file:9f86d081884c7d65:2') // { action: 'file', runId: '9f86d081884c7d65', index: 2 } */
export function parseProposalButtonId(customId: string): { action: ProposalAction; runId: string; index: number } | undefined {
  const match = /^proposal:(form|file):([0-9a-f]{16}):(\d)$/.exec(customId);
  if (!match) return undefined;
  return { action: match[1] as ProposalAction, runId: match[2], index: Number(match[3]) };
}

/** The prefix a custom id is routed by: the part before the first ":". */
export function customIdPrefix(customId: string): string {
  const colon = customId.indexOf(':');
  return colon === -1 ? customId : customId.slice(0, colon);
}
