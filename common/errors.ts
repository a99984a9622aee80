import { maskUrlCredentials } from './url-credentials.ts';
/**
 * Two kinds of failure, kept apart (see STYLE.md): an `InputError` is the user's
 * input being wrong — it fails at once and is never retried; anything else is a
 * fault that may be transient. Every error a user can meet carries a stable `code`
 * so front ends (CLI, Discord) word it in one place.
 */
export const ERROR_CODES = [
  'empty_prompt',
  'prompt_too_long',
  'bad_option',
  'model_load_failed',
  'bad_task',
  'bad_payload',
  'quota_exceeded',
  'not_found',
  'not_ready',
  'unavailable',
] as const;

/** The one list of codes: front ends word each, queue/job-failure.ts reads them back from a job's failed reason. */
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}

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

/**
 * A service, a download or a process is unreachable or gone (Redis, PostgreSQL, the hub, the
 * model host): nothing is wrong with the input, and trying again later may work. The only
 * error a front end words as an outage.
 */
export class OutageError extends HuntError {
  constructor(message: string) {
    super('unavailable', message, false);
  }
}

/**
 * A job asked about before it finished: neither bad input nor an outage (the queue answered).
 * Not permanent: asking again later, or with --wait, answers it.
 */
export class NotReadyError extends HuntError {
  constructor(message: string) {
    super('not_ready', message, false);
  }
}

/**
 * An error as it crosses a process boundary (Node IPC to the model host, a scan worker
 * thread's message): plain JSON. `code` is absent for an error that is not one of ours (a bug,
 * a library's TypeError): it is kept apart from an outage, and comes back with its name.
 */
export interface WireError {
  code?: ErrorCode;
  /** the error's class name, for an error that is not a HuntError */
  name?: string;
  message: string;
  permanent: boolean;
}

/** @example toWire(new InputError('bad_task', 'no prompt')) // { code: 'bad_task', message: 'no prompt', permanent: true } */
export function toWire(err: unknown): WireError {
  if (err instanceof HuntError) return { code: err.code, message: err.message, permanent: err.permanent };
  if (err instanceof Error) return { name: err.name, message: maskUrlCredentials(err.message.split('\n')[0]), permanent: false };
  return { message: maskUrlCredentials(String(err)), permanent: false };
}

/** The error `toWire` encoded, as the class the rest of the code tests for (InputError, OutageError, ModelLoadError). */
export function fromWire(wire: WireError): HuntError | Error {
  if (wire.code === undefined) {
    const err = new Error(wire.message);
    if (wire.name) err.name = wire.name;
    return err;
  }
  if (wire.code === 'model_load_failed') return new ModelLoadError(wire.message);
  if (wire.code === 'unavailable' && !wire.permanent) return new OutageError(wire.message);
  if (wire.code === 'not_ready' && !wire.permanent) return new NotReadyError(wire.message);
  return wire.permanent ? new InputError(wire.code, wire.message) : new HuntError(wire.code, wire.message, false);
}

/** One line for a person, whatever was thrown. */
export function describeError(err: unknown): string {
  // the line may reach logs, Redis and Discord: a URL's password never does
  if (err instanceof HuntError) return maskUrlCredentials(err.message);
  if (err instanceof Error) return maskUrlCredentials(`${err.name}: ${err.message.split('\n')[0]}`);
  return maskUrlCredentials(String(err));
}
