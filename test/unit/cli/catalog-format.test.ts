import { describe, expect, test } from 'vitest';
import { catalogRecordSchema } from '../../../catalog/catalog-record.schema.ts';
import { formatCatalogRecord, formatImportSummary } from '../../../cli/subcommands/catalog-command.ts';

const base = {
  task_id: 4,
  slug: 'pool-repeat',
  definition: { id: 'pool-repeat', title: 'Repeat' },
  submitter: 'mallory',
  guild_id: null,
  channel_id: null,
  message_id: null,
  submitted_at: '2025-01-01T00:00:00.000Z',
  net_votes: 0,
  threshold: 3,
  added_at: '2025-01-02T00:00:00.000Z',
};
const evaluation = { id: 9, job_id: null, model_id: 'local:tiny-gpt2', model_revision: 'sha256:0123456789abcdef', evaluated_at: '2025-01-03T00:00:00.000Z' };

describe('hunt catalog show', () => {
  test('GIVEN an imported entry re-evaluated here THEN it says it was imported, who computed the figures with which weights, and the claim apart', () => {
    const record = catalogRecordSchema.parse({
      ...base,
      provenance: 'imported',
      evaluation: {
        ...evaluation,
        metrics: { mean_prob: 0.2 },
        verdict: 'none',
        provenance: 'computed',
        computed_by: 'hunt catalog import h:7',
        model_file_hash: 'ab'.repeat(32),
        tool_version: '1.2.3',
        seed: 4,
        n: 12,
        claimed: { verdict: 'strong', metrics: { mean_prob: 0.99 } },
      },
    });
    expect(formatCatalogRecord(record).split('\n').slice(2, 7)).toStrictEqual([
      'Imported, not voted in here: the file said 0 net votes (threshold 3) at 2025-01-02T00:00:00.000Z',
      'Evaluation #9: none on local:tiny-gpt2 (sha256:0123456789abcdef) at 2025-01-03T00:00:00.000Z',
      `Computed by hunt catalog import h:7 with hunt 1.2.3, seed 4, n 12, weights sha256 ${'ab'.repeat(32)}`,
      'Metrics: {"mean_prob":0.2}',
      'Claimed by the imported file (not verified here): {"verdict":"strong","metrics":{"mean_prob":0.99}}',
    ]);
  });

  test('GIVEN an entry voted in here from before provenance THEN no provenance line is invented', () => {
    const record = catalogRecordSchema.parse({ ...base, net_votes: 3, evaluation: { ...evaluation, metrics: {}, verdict: 'weak' } });
    const lines = formatCatalogRecord(record).split('\n');
    expect(lines[2]).toBe('In the catalog since 2025-01-02T00:00:00.000Z with 3 net votes (threshold 3)');
    expect(lines.filter((l) => /^(Computed by|Claimed)/.test(l))).toStrictEqual([]);
  });
});

describe('hunt catalog import', () => {
  test.each([
    [{ imported: 1, skipped: 0, reevaluated: 0 }, 'imported 1 entry (1 unverified): hunt catalog list --imported shows them'],
    [{ imported: 3, skipped: 2, reevaluated: 2, model: 'Xenova/gpt2' }, 'imported 3 entries (2 re-evaluated on Xenova/gpt2, 1 unverified), skipped 2 already present: hunt catalog list --imported shows them'],
    [{ imported: 0, skipped: 1, reevaluated: 0 }, 'imported 0 entries, skipped 1 already present'],
  ])('GIVEN the outcome %j THEN one line says what was stored and where to see it', (outcome, line) => {
    expect(formatImportSummary(outcome)).toBe(line);
  });
});
