import { describe, expect, it } from 'vitest';
import { formatMine } from '../../../cli/subcommands/mine-command.ts';
import type { MineReport } from '../../../corpus/mine-corpus.ts';
import { proportion } from '../../../corpus/proportion-interval.ts';

const nasa = { doc: 'owt.jsonl.gz#3', offset: 812, before: 'the\nNational Aeronautics and Space Administration (', actual: 'NASA', after: ') said', expected: ['NASA'], agrees: true, instance: true };
const thing = { doc: 'owt.jsonl.gz#9', offset: 40, before: 'the thing (', actual: 'QQ', after: ')', expected: null, agrees: null, instance: false };
const author = { doc: 'owt.jsonl.gz#9', offset: 90, before: 'Gamma Delta (', actual: 'XY', after: ')', expected: ['GD', ' GD'], agrees: false, instance: false };

const report: MineReport = {
  task: 'acronym',
  corpus: 'jsonl.gz file owt.jsonl.gz',
  engine: 'js',
  engine_note: 'faster on this regex',
  docs: 12_000,
  bytes: 45_600_000,
  tokens: 10_363_636,
  tokens_method: 'sampled',
  tokens_note: 'estimated: 400 of 12000 documents (3.3% of bytes) tokenized exactly, 4.40 bytes/token',
  matches: 150,
  judged: 140,
  capped: 6,
  duplicates: 4,
  declined: 20,
  answered: 120,
  precision: proportion(100, 140),
  agreement: proportion(90, 120),
  agreement_lenient: proportion(95, 120),
  census: [{ label: '<img> tags', count: 7 }],
  samples: { agree: [nasa], disagree: [author], declined: [thing] },
  examples: [nasa, thing, author],
  instances_total: 100,
  per_million_tokens: 14.473684,
  coverage: 120 / 140,
  agreed: 90,
  heuristic_matches_text: 0.75,
  max_per_doc: 3,
  token_aligned: true,
  regex_budget_ms: 1000,
  over_budget_docs: 2,
  over_budget: [{ doc: 'owt.jsonl.gz#77', bytes: 120_000 }],
  out: { path: 'instances.jsonl', instances: 50, context_length: 1024, sampled_from: 100 },
  workers: 4,
  seconds: 3.5,
  scan_seconds: 2.25,
  mb_per_s: 13.03,
  scan_mb_per_s: 20.266,
};

// Wilson intervals in the expected text computed independently (Python, z = 1.95996).
describe('the human-readable view of hunt mine', () => {
  it('GIVEN a report THEN every measure with its interval, the skipped documents, the instances and samples of each kind are shown', () => {
    expect(formatMine(report)).toBe(
      [
        'Mined task "acronym" in jsonl.gz file owt.jsonl.gz',
        '  regex engine  JS, 1000 ms budget per document — faster on this regex',
        '  documents     12,000 scanned (45.6 MB)',
        '  tokens        10,363,636 — estimated: 400 of 12000 documents (3.3% of bytes) tokenized exactly, 4.40 bytes/token',
        '  matches       150 — 14.47 per million tokens',
        '  judged        140 (at most 3 per document, 6 over the cap not judged, 4 duplicate prompts counted once)',
        '  census        7 <img> tags',
        '  precision     71.43% [63.45%, 78.26%] (100 of 140 judged matches are real instances: the heuristic answers and the precondition holds)',
        '  declined      20 judged matches where the heuristic has no answer',
        "  agreement     75.00% [66.56%, 81.89%] (90 of 120 answered matches: the heuristic's answer is what the text says next)",
        '  lenient       79.17% [71.05%, 85.47%] (95 of 120 answered matches: same first GPT-2 token, case-folded)',
        '  over budget   2 documents skipped, the regex ran over 1000 ms on each: owt.jsonl.gz#77 (120,000 bytes) and 1 more',
        '  throughput    13.0 MB/s end to end with 4 workers (3.50 s in all; scan alone 20.3 MB/s, 2.25 s)',
        '  instances     50 written to instances.jsonl (real instances, a random sample of 100; prompts cut on the left to fit 1,024 tokens)',
        "Samples: the heuristic's answer is what the text says (first 1; ⟦…⟧ is the text after the answer point):",
        '  owt.jsonl.gz#3 @812',
        '    …the↵National Aeronautics and Space Administration (⟦NASA⟧) said…',
        '    heuristic: "NASA" ✓ equals the text',
        'Samples: the heuristic answers something else (first 1; ⟦…⟧ is the text after the answer point):',
        '  owt.jsonl.gz#9 @90',
        '    …Gamma Delta (⟦XY⟧)…',
        '    heuristic: "GD" | "␣GD" ✗ differs from the text (not a real instance: the task\'s precondition fails)',
        'Samples: the heuristic declines (first 1; ⟦…⟧ is the text after the answer point):',
        '  owt.jsonl.gz#9 @40',
        '    …the thing (⟦QQ⟧)…',
        '    heuristic declined',
      ].join('\n'),
    );
  });

  it('GIVEN no matches THEN the ratios show as dashes, not NaN', () => {
    const none = proportion(0, 0);
    const empty = formatMine({ ...report, matches: 0, judged: 0, answered: 0, agreed: 0, precision: none, agreement: none, agreement_lenient: none, coverage: null, heuristic_matches_text: null, per_million_tokens: 0, samples: { agree: [], disagree: [], declined: [] }, over_budget_docs: 0, over_budget: [], out: undefined });
    expect(empty).toContain('  precision     — (0 judged matches');
    expect(empty).toContain('  agreement     — (0 answered matches');
    expect(empty).not.toContain('NaN');
    expect(empty).not.toContain('Samples');
  });

  it('GIVEN a queued run with a failed shard THEN the shards line names it, its files and why, after the figures', () => {
    const queued = formatMine({ ...report, workers: 2, shards: { total: 20, failed: [{ shard: 13, files: ['b/part-13.parquet'], error: 'b/part-13.parquet: not a readable parquet file (footer != PAR1)' }] } });
    const lines = queued.split('\n');
    const at = lines.indexOf('  shards        20 scanned on the queue by 2 workers; 1 failed, their files not counted:');
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('  lenient')));
    expect(lines[at + 1]).toBe('                shard 13 (b/part-13.parquet): b/part-13.parquet: not a readable parquet file (footer != PAR1)');
    expect(formatMine({ ...report, shards: { total: 3, failed: [] } })).toContain('  shards        3 scanned on the queue by 4 workers\n');
  });
});
