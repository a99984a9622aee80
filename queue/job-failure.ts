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

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'empty_prompt',
  'prompt_too_long',
  'bad_option',
  'model_load_failed',
  'bad_task',
  'bad_payload',
  'quota_exceeded',
  'not_found',
  'unavailable',
]);

export function encodeFailure(failure: JobFailure): string {
  return `[${failure.code}] ${failure.message}`;
}

/**
 * @example decodeFailure('[bad_payload] score job: answers: give at least one answer')
 * // { code: 'bad_payload', message: 'score job: answers: give at least one answer' }
 */
export function decodeFailure(failedReason: string | undefined): JobFailure {
  const match = /^\[(\w+)\] ([\s\S]*)$/.exec(failedReason ?? '');
  if (match && KNOWN_CODES.has(match[1])) return { code: match[1] as ErrorCode, message: match[2] };
  // Anything else (a stalled job that ran out of restarts, a Redis-side failure) is an outage, not the user's input.
  return { code: 'unavailable', message: failedReason || 'the job failed without a reason' };
}
