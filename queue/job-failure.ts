import type { ErrorCode } from '../common/errors.ts';

/**
 * BullMQ keeps one string per failed job (`failedReason`). The worker writes it as
 * `[code] message` so that a front end can word the failure from the code (the
 * wording lives in one place, keyed by ErrorCode) and still show the message.
 */
export interface JobFailure {
  code: ErrorCode;
  message: string;
}

/** Every code, as a `Record<ErrorCode, …>` so the compiler insists that a new code is known here too. */
const KNOWN_CODES: Record<ErrorCode, true> = {
  empty_prompt: true,
  prompt_too_long: true,
  bad_option: true,
  model_load_failed: true,
  bad_task: true,
  bad_payload: true,
  quota_exceeded: true,
  not_found: true,
  unavailable: true,
};

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(KNOWN_CODES, code);
}

export function encodeFailure(failure: JobFailure): string {
  return `[${failure.code}] ${failure.message}`;
}

/**
 * @example decodeFailure('[bad_payload] score job: answers: give at least one answer')
 * // { code: 'bad_payload', message: 'score job: answers: give at least one answer' }
 */
export function decodeFailure(failedReason: string | undefined): JobFailure {
  const match = /^\[(\w+)\] ([\s\S]*)$/.exec(failedReason ?? '');
  if (match && isErrorCode(match[1])) return { code: match[1], message: match[2] };
  // Anything else (a stalled job that ran out of restarts, a Redis-side failure) is an outage, not the user's input.
  return { code: 'unavailable', message: failedReason || 'the job failed without a reason' };
}
