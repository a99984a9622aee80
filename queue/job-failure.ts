import { isErrorCode, type ErrorCode } from '../common/errors.ts';

/**
 * BullMQ keeps one string per failed job (`failedReason`). The worker writes it as
 * `[code] message` so that a front end can word the failure from the code (the
 * wording lives in one place, keyed by ErrorCode) and still show the message.
 */
export interface JobFailure {
  code: ErrorCode;
  message: string;
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
