import { describe, expect, test } from 'vitest';
import { resolveLogFormat } from '../../../cli/service-logger.ts';

describe('service logs are readable on a terminal and JSON for collectors', () => {
  test('GIVEN no choice THEN pretty on a terminal, JSON otherwise; GIVEN a choice THEN that', () => {
    expect([resolveLogFormat(undefined, true), resolveLogFormat(undefined, false)]).toStrictEqual(['pretty', 'json']);
    expect([resolveLogFormat('json', true), resolveLogFormat('pretty', false)]).toStrictEqual(['json', 'pretty']);
  });
});
