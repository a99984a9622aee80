import Table from 'cli-table3';
import { describe, expect, test } from 'vitest';
import { formatBoxTable } from '../../../cli/format/box-table.ts';

describe('the linear-time box table', () => {
  test('GIVEN rows of token-table cells THEN it draws exactly what cli-table3 draws in its compact style', () => {
    const head = ['rank', 'token', 'id', 'prob', 'logprob', 'logit'];
    const rows = [
      ['1', "'␣himself' ◀", '2241', '0.13%', '-6.664', '0.584'],
      ['2', "'\\n'", '198', '1.20e-5', '-11.331', '-12.004'],
      ['10000', "''", '50256', '0.00%', '-30.000', '-41.5'],
    ];
    const reference = new Table({ head, style: { head: [], border: [], compact: true } });
    reference.push(...rows);
    expect(formatBoxTable(head, rows)).toBe(reference.toString());
  });
});
