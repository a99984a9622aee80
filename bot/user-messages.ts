import { HuntError, type ErrorCode } from '../common/errors.ts';
import type { JobFailure } from '../queue/job-failure.ts';
import { truncateText } from './discord-limits.ts';

/** Longest detail quoted from an error in a user message: the message is one short paragraph. */
const DETAIL_MAX = 300;

/**
 * Every error a Discord user can meet, worded once and keyed by its code: what went
 * wrong and what to do. Input errors quote their detail (it says what to fix); outages
 * do not (their detail names hosts and internals that mean nothing in chat).
 */
export type UserMessageKey = ErrorCode | 'unknown_command' | 'unknown_model' | 'not_allowed' | 'forged_button' | 'proposal_gone';

export const USER_MESSAGES: Record<UserMessageKey, (detail: string) => string> = {
  empty_prompt: () => 'The prompt is empty: type the text GPT-2 should continue.',
  // The engine's detail ends with the CLI's advice ("…; shorten it or pass --truncate"): keep the figures, give Discord's advice.
  prompt_too_long: (d) => `That prompt is too long for GPT-2: ${d.split(';')[0]}. Shorten it, or set the \`truncate\` option to cut it on the left.`,
  bad_option: (d) => `An option is not valid: ${d}.`,
  bad_payload: (d) => `That request is not valid: ${d}. Fix it and try again (\`/help\` shows the formats).`,
  bad_task: (d) => `That task is not valid: ${d}. Fix it and submit again (\`/help\` shows the task format).`,
  quota_exceeded: (d) => `Slow down: ${d}.`,
  not_found: (d) => `${d.charAt(0).toUpperCase()}${d.slice(1)}. Check the id with \`/task list\`.`,
  model_load_failed: () => 'The model could not be loaded on the worker, so nothing was computed. Try again later; tell the maintainers if it keeps happening.',
  not_ready: (d) => `${d.charAt(0).toUpperCase()}${d.slice(1)}. Try again when it has finished.`,
  unavailable: () => "The bot's back end (the model queue or the catalog) is not answering right now. Try again in a few minutes.",
  unknown_model: (d) => `No worker here runs the model ${d}. Pick one of the \`model\` choices, or leave it out for the default.`,
  // the refusal says why and who may (bot/command-access.ts): it is the whole message
  not_allowed: (d) => `${d}.`,
  forged_button: () => 'That button is not one of mine (its id does not parse), so it does nothing. Use the buttons under a /discover result.',
  proposal_gone: (d) => `The candidates of that /discover result are no longer kept (${d}): run /discover again for fresh ones.`,
  unknown_command: (d) => `I don't know ${d}; my command list may be out of date. Ask an admin to run \`hunt register-commands\`.`,
};

/** The user-facing text for a code and its detail. */
export function userMessageFor(code: UserMessageKey, detail = ''): string {
  const cleaned = truncateText(detail.replace(/\s+/g, ' ').trim().replace(/\.$/, ''), DETAIL_MAX);
  return USER_MESSAGES[code](cleaned);
}

/**
 * A refusal only the bot knows (an unknown command, a model no worker serves): a handler
 * throws it and the router words it, as with every other error (Sapphire's UserError).
 */
export class UserError extends Error {
  constructor(
    readonly identifier: UserMessageKey,
    readonly detail = '',
  ) {
    super(detail ? `${identifier}: ${detail}` : identifier);
    this.name = new.target.name;
  }
}

/** The user-facing text for whatever was thrown: a UserError or HuntError by its key, anything else as an outage. */
export function userMessageForError(err: unknown): string {
  if (err instanceof UserError) return userMessageFor(err.identifier, err.detail);
  if (err instanceof HuntError) return userMessageFor(err.code, err.message);
  return userMessageFor('unavailable');
}

/** The user-facing text for a job that failed on the worker. */
export function userMessageForFailure(failure: JobFailure): string {
  return userMessageFor(failure.code, failure.message);
}
