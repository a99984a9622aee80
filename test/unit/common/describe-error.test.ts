import { describe, expect, test } from 'vitest';
import { describeError, HuntError } from '../../../common/errors.ts';

describe('one line for a person, whatever was thrown', () => {
  test('GIVEN errors whose text carries a URL with a password THEN the line masks the password and keeps the rest', () => {
    const cases = [
      new Error('connect ECONNREFUSED redis://:hunter2@cache:6379'),
      new HuntError('unavailable', 'cannot reach the hub at https://ada:hunter2@mirror.local/ (fetch failed)', false),
      'postgres://ada:hunter2@db/hunt refused',
    ];
    const lines = cases.map(describeError);
    expect(lines).toStrictEqual([
      'Error: connect ECONNREFUSED redis://***@cache:6379',
      'cannot reach the hub at https://ada:***@mirror.local/ (fetch failed)',
      'postgres://ada:***@db/hunt refused',
    ]);
    for (const line of lines) expect(line).not.toContain('hunter2');
  });
});
