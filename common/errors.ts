import { maskUrlCredentials } from './url-credentials.ts';
/**
 * Two kinds of failure, kept apart (see STYLE.md): an `InputError` is the user's
 * input being wrong — it fails at once and is never retried; anything else is a
 * fault that may be transient. Every error a user can meet carries a stable `code`
 * so front ends (CLI, Discord) word it in one place.
 */
export type ErrorCode =
  | 'empty_prompt'
  | 'prompt_too_long'
  | 'bad_option'
  | 'model_load_failed'
  | 'bad_task'
  | 'bad_payload'
  | 'quota_exceeded'
  | 'not_found'
  | 'unavailable';

export class HuntError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** true when retrying the same input cannot help */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input itself is wrong: report it, never retry it. */
export class InputError extends HuntError {
  constructor(code: ErrorCode, message: string) {
    super(code, message, true);
  }
}

/** The model could not be loaded: what was tried, and how to point at a local copy. */
export class ModelLoadError extends HuntError {
  constructor(message: string) {
    super('model_load_failed', message, true);
  }
}

/** One line for a person, whatever was thrown. */
export function describeError(err: unknown): string {
  // the line may reach logs, Redis and Discord: a URL's password never does
  if (err instanceof HuntError) return maskUrlCredentials(err.message);
  if (err instanceof Error) return maskUrlCredentials(`${err.name}: ${err.message.split('\n')[0]}`);
  return maskUrlCredentials(String(err));
}
