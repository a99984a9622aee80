import { describe, expect, it } from 'vitest';
import { FAILED_SHARDS_SHOWN, mineResultFields, proportionText, type MineKeyFigures } from '../../../bot/embeds/mine-result.ts';
import { EMBED_FIELD_VALUE_MAX } from '../../../bot/discord-limits.ts';

const REPORT: MineKeyFigures = {
  matches: 1_234,
  judged: 900,
  capped: 300,
  duplicates: 34,
  precision: { k: 450, n: 900, value: 0.5, low: 0.467, high: 0.533 },
  agreement: { k: 300, n: 800, value: 0.375, low: 0.342, high: 0.409 },
  agreement_lenient: { k: 320, n: 800, value: 0.4, low: 0.366, high: 0.435 },
  declined: 100,
  docs: 5_000,
  bytes: 12_345_678,
  mb_per_s: 61.25,
  shards: { total: 8, failed: [] },
};

describe("/mine's result embed", () => {
  it('GIVEN a report THEN each figure sits in its field, intervals and counts included', () => {
    expect(mineResultFields(REPORT, 'mine-1')).toStrictEqual([
      { name: 'Matches', value: '1,234 (900 judged, 300 over the per-document cap, 34 duplicates)' },
      { name: 'Regex precision', value: '50.0% (95% CI 46.7%–53.3%), 450 of 900' },
      { name: 'Heuristic agreement', value: '37.5% (95% CI 34.2%–40.9%), 300 of 800' },
      { name: 'Agreement, lenient (first token, case-folded)', value: '40.0% (95% CI 36.6%–43.5%), 320 of 800' },
      { name: 'Declined by the heuristic', value: '100', inline: true },
      { name: 'Scanned', value: '5,000 documents, 12.3 MB, 61.3 MB/s', inline: true },
      { name: 'Shards: 8 of 8 scanned', value: 'none failed' },
    ]);
  });

  it('GIVEN no judged match THEN a proportion says so instead of a percentage', () => {
    expect(proportionText({ k: 0, n: 0, value: null, low: null, high: null })).toBe('— (none of 0)');
  });

  it('GIVEN many failed shards with long errors THEN the first are listed, the rest counted, within a field', () => {
    const failed = Array.from({ length: 9 }, (_, i) => ({ shard: i, files: [`part-${i}.parquet`], error: `not a readable parquet file ${'x'.repeat(300)}` }));
    const field = mineResultFields({ ...REPORT, shards: { total: 20, failed } }, 'mine-1').at(-1)!;
    expect(field.name).toBe('Shards: 11 of 20 scanned');
    expect(field.value.length).toBeLessThanOrEqual(EMBED_FIELD_VALUE_MAX);
    expect(field.value).toMatch(/^failed, not counted:\nshard 0 \(part-0\.parquet\): not a readable parquet file x+/);
    const listed = mineResultFields({ ...REPORT, shards: { total: 20, failed: failed.map((f) => ({ ...f, error: 'bad' })) } }, 'mine-1').at(-1)!.value;
    expect(listed.split('\n')).toHaveLength(1 + FAILED_SHARDS_SHOWN + 1);
    expect(listed.split('\n').at(-1)).toBe('and 4 more (`hunt result mine-1` shows them all)');
  });
});
