import { describe, expect, it } from 'vitest';
import { formatMine } from '../../../cli/commands/mine-command.ts';
import type { MineReport } from '../../../corpus/mine-corpus.ts';

const report: MineReport = {
  task: 'acronym',
  corpus: 'jsonl.gz file owt.jsonl.gz',
  engine: 'js',
  engine_note: 'RE2 cannot run a lookahead; using the JS engine under a per-document time budget',
  docs: 12_000,
  bytes: 45_600_000,
  tokens: 10_363_636,
  tokens_method: 'sampled',
  tokens_note: 'estimated: 400 of 12000 documents (3.3% of bytes) tokenized exactly, 4.40 bytes/token',
  matches: 150,
  per_million_tokens: 14.473684,
  answered: 120,
  coverage: 0.8,
  agreed: 90,
  heuristic_matches_text: 0.75,
  regex_budget_ms: 1000,
  over_budget_docs: 2,
  over_budget: [{ doc: 'owt.jsonl.gz#77', bytes: 120_000 }],
  examples: [
    { doc: 'owt.jsonl.gz#3', offset: 812, before: 'the\nNational Aeronautics and Space Administration (', actual: 'NASA', after: ') said', expected: ['NASA'], agrees: true },
    { doc: 'owt.jsonl.gz#9', offset: 40, before: 'the thing (', actual: 'QQ', after: ')', expected: null, agrees: null },
    { doc: 'owt.jsonl.gz#9', offset: 90, before: 'Gamma Delta (', actual: 'XY', after: ')', expected: ['GD', ' GD'], agrees: false },
  ],
  out: { path: 'instances.jsonl', instances: 118, context_length: 1024 },
  workers: 4,
  seconds: 3.5,
  scan_seconds: 2.25,
  mb_per_s: 20.266,
};

describe('the human-readable view of hunt mine', () => {
  it('GIVEN a report THEN every measure, the skipped documents, the instances and the examples are shown', () => {
    expect(formatMine(report)).toBe(
      [
        'Mined task "acronym" in jsonl.gz file owt.jsonl.gz',
        '  regex engine  JS, 1000 ms budget per document — RE2 cannot run a lookahead; using the JS engine under a per-document time budget',
        '  documents     12,000 scanned (45.6 MB)',
        '  tokens        10,363,636 — estimated: 400 of 12000 documents (3.3% of bytes) tokenized exactly, 4.40 bytes/token',
        '  matches       150 — 14.47 per million tokens',
        '  coverage      80.00% (120 matches where the heuristic answers)',
        "  agreement     75.00% (90 of the answered matches: the heuristic's answer is what the text says next)",
        '  over budget   2 documents skipped, the regex ran over 1000 ms on each: owt.jsonl.gz#77 (120,000 bytes) and 1 more',
        '  throughput    20.3 MB/s with 4 workers (scan 2.25 s, 3.50 s in all)',
        '  instances     118 written to instances.jsonl (answered matches; prompts cut on the left to fit 1,024 tokens)',
        'Examples (first 3 matches; ⟦…⟧ is the text after the answer point):',
        '  owt.jsonl.gz#3 @812',
        '    …the↵National Aeronautics and Space Administration (⟦NASA⟧) said…',
        '    heuristic: "NASA" ✓ equals the text',
        '  owt.jsonl.gz#9 @40',
        '    …the thing (⟦QQ⟧)…',
        '    heuristic declined',
        '  owt.jsonl.gz#9 @90',
        '    …Gamma Delta (⟦XY⟧)…',
        '    heuristic: "GD" | "␣GD" ✗ differs from the text',
      ].join('\n'),
    );
  });

  it('GIVEN no matches THEN the ratios show as dashes, not NaN', () => {
    const empty = formatMine({ ...report, matches: 0, answered: 0, agreed: 0, coverage: null, heuristic_matches_text: null, per_million_tokens: 0, examples: [], over_budget_docs: 0, over_budget: [], out: undefined });
    expect(empty).toContain('  coverage      — (0 matches where the heuristic answers)');
    expect(empty).toContain('  agreement     — (0 of the answered matches');
    expect(empty).not.toContain('NaN');
    expect(empty).not.toContain('Examples');
  });
});
