import { describe, expect, test } from 'vitest';
import { describeError, ERROR_CODES, fromWire, HuntError, InputError, isErrorCode, ModelLoadError, OutageError, toWire } from '../../../common/errors.ts';
import { decodeFailure, encodeFailure } from '../../../queue/job-failure.ts';

/** What crosses a process boundary: JSON (Node IPC) or a structured clone (worker threads). */
const acrossAProcess = (err: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(err))));

describe('one wire for errors between processes', () => {
  test.each([
    ['an input error', new InputError('prompt_too_long', 'the prompt is 2000 tokens'), InputError],
    ['a model that would not load', new ModelLoadError('no model at ./nowhere'), ModelLoadError],
    ['an outage', new OutageError('Redis at redis://cache:6379 is unreachable (ECONNREFUSED)'), OutageError],
  ])('GIVEN %s THEN it comes back as the same class, code, message and permanence', (_, err, kind) => {
    const back = acrossAProcess(err);
    expect(back).toBeInstanceOf(kind);
    expect(back).toMatchObject({ code: err.code, message: err.message, permanent: err.permanent });
    expect(describeError(back)).toBe(describeError(err));
  });

  test('GIVEN a transient error of ours that is no outage THEN it stays a retryable HuntError with its code', () => {
    const back = acrossAProcess(new HuntError('not_found', 'no job 42 yet', false));
    expect(back).toBeInstanceOf(HuntError);
    expect(back).not.toBeInstanceOf(OutageError);
    expect(back).toMatchObject({ code: 'not_found', permanent: false });
  });

  test('GIVEN an error that is not ours (a bug) THEN it is no outage: no code, its name kept, one line with the password masked', () => {
    const bug = new TypeError('cannot read x of undefined at postgres://ada:hunter2@db/hunt\n    at scan (scan.ts:1)');
    expect(toWire(bug)).toStrictEqual({ name: 'TypeError', message: 'cannot read x of undefined at postgres://ada:***@db/hunt', permanent: false });
    const back = acrossAProcess(bug);
    expect(back).not.toBeInstanceOf(HuntError);
    expect(describeError(back)).toBe('TypeError: cannot read x of undefined at postgres://ada:***@db/hunt');
  });

  test('GIVEN something thrown that is no Error THEN its text crosses', () => {
    expect(toWire('plain text')).toStrictEqual({ message: 'plain text', permanent: false });
  });
});

describe('one list of error codes', () => {
  test.each(ERROR_CODES.map((code) => [code]))('GIVEN the code %s THEN a job failure written with it reads back with it', (code) => {
    expect(isErrorCode(code)).toBe(true);
    expect(decodeFailure(encodeFailure({ code, message: 'why' }))).toStrictEqual({ code, message: 'why' });
  });

  test('GIVEN a failed reason with a code not in the list THEN it reads as an outage with the whole reason', () => {
    expect(isErrorCode('exploded')).toBe(false);
    expect(decodeFailure('[exploded] boom')).toStrictEqual({ code: 'unavailable', message: '[exploded] boom' });
  });
});
