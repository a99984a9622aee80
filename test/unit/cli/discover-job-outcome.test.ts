import { describe, expect, test } from 'vitest';
import { formatJobOutcome, jobOutcomeJson } from '../../../cli/format/format-job-outcome.ts';
import { featureBit } from '../../../discover/context-features.ts';
import type { DiscoverPartial } from '../../../discover/discover-partial.ts';
import { DISCOVER_MERGE_DEFAULTS, mergePartials } from '../../../discover/merge-partials.ts';

const SEEN = featureBit('seen-before');
const PROMPT = ' the prompt of a sampled position stays on the worker';

const shard: DiscoverPartial = {
  kind: 'hunt-discover-partial',
  version: 2,
  model: 'local:tiny-gpt2',
  corpus: 'corpus "spans"',
  read: 'text field "text", .txt documents blank-line',
  n_docs: 20,
  shard: { index: 1, count: 3 },
  window: 1023,
  rule: { min_prob: 0.3, margin: 1.6, short_context: 4 },
  ngram: 'interpolated trigram of the scanned corpus, each document left out of its own counts',
  docs: 7,
  bytes: 1000,
  tokens: 300,
  positions: 290,
  wins: 6,
  seconds: 2,
  seconds_model: 1,
  cells: [
    {
      mask: SEEN,
      shape: 'word>word',
      positions: 40,
      wins: 6,
      kept: [{ doc_index: 1, at: 9, example: { doc: 'spans.txt#1', prompt_tail: ' a b c a b', actual: ' c', p_model: 0.9, p_ngram: 1e-4, p_short: 1e-3, features: ['seen-before'] } }],
      sampled: [{ doc_index: 1, at: 9, instance: { prompt: PROMPT, answer: ' c' } }],
    },
    { mask: 0, shape: 'word>word', positions: 250, wins: 0, kept: [], sampled: [] },
  ],
};

describe('`hunt result` of one discover shard', () => {
  test('GIVEN --json THEN it prints the report hunt discover --json prints for that shard, not the partial with its prompts', () => {
    const outcome = { id: '7', name: 'discover' as const, status: 'completed' as const, result: shard };
    const printed = JSON.parse(formatJobOutcome(outcome, true)) as Record<string, unknown>;
    expect(printed).toStrictEqual(JSON.parse(JSON.stringify(mergePartials([shard], { ...DISCOVER_MERGE_DEFAULTS, seed: 0 }).report)));
    expect(printed).toMatchObject({ shards: '1 of 3', wins: 6, candidates: [{ id: 'copy-from-context-word-word', wins: 6, positions: 40 }] });
    expect(printed).not.toHaveProperty('cells');
    expect(JSON.stringify(jobOutcomeJson(outcome))).not.toContain(PROMPT);
  });
});
