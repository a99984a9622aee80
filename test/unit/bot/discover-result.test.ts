import { describe, expect, it } from 'vitest';
import { discoverResultMessage, exampleLine } from '../../../bot/embeds/discover-result.ts';
import { fitMessage } from '../../../bot/fit-message.ts';
import { proportion } from '../../../corpus/proportion-interval.ts';
import type { Candidate, DiscoverReport, WinExample } from '../../../discover/discover-report.ts';
import { checkDiscordLimits } from '../../helpers/discord-payload-limits.ts';

/** An example built to break an embed: long, with backticks, Markdown and a mention in the prompt. */
const nasty: WinExample = {
  doc: 'd',
  prompt_tail: `${'**bold** `code` @everyone <@1> '.repeat(30)}end`,
  actual: ' ``` x',
  p_model: 0.91,
  p_ngram: 0.00002,
  p_short: 0.013,
  features: ['seen-before'],
};

function candidate(i: number): Candidate {
  return {
    id: `cand-${i}`,
    name: `name_${i}*${'x'.repeat(60)}`,
    signature: ['seen-before'],
    shape: 'word>word',
    wins: 40 - i,
    positions: 100,
    rate: proportion(40 - i, 100),
    per_mb: 12.345,
    p_vs_unexplained: 1e-6,
    p_adjusted: 1e-5,
    heuristic: 'h',
    regex: null,
    examples: Array.from({ length: 10 }, () => nasty),
  };
}

function report(candidates: Candidate[]): DiscoverReport {
  return {
    model: 'local:tiny-gpt2',
    corpus: 'corpus "owt"',
    shards: '0, 1 of 2',
    docs: 1_000,
    bytes: 2_500_000,
    tokens: 600_000,
    positions: 599_000,
    window: 256,
    rule: { min_prob: 0.3, margin: 1.6, short_context: 4 },
    ngram: 'a trigram model of the same corpus',
    min_wins: 5,
    wins: 1_234,
    win_rate: proportion(1_234, 599_000),
    features: [],
    by_class: [],
    candidates,
    below_bar: 3,
    seconds: 100,
    seconds_model: 80,
    positions_per_s: 5_990,
    tokens_per_s: 6_000,
    mb_per_s: 0.025,
  };
}

describe('GIVEN a discover report as a Discord message', () => {
  it('WHEN it has 8 candidates with long, Markdown-laden examples THEN 5 are shown with their buttons, within every limit, nothing cut', () => {
    const r = report(Array.from({ length: 8 }, (_, i) => candidate(i)));
    const message = discoverResultMessage(r, { runId: '0123456789abcdef', indices: new Set([0, 1, 2, 3, 4]) });
    const fitted = fitMessage(message);
    expect(fitted.truncated).toBe(false);
    expect(checkDiscordLimits({ embeds: fitted.embeds, components: fitted.components, content: fitted.content })).toStrictEqual([]);
    const embed = fitted.embeds![0];
    expect(embed.fields!.map((f) => f.name.slice(0, 9))).toStrictEqual(['1. name\\_', '2. name\\_', '3. name\\_', '4. name\\_', '5. name\\_']);
    expect(embed.description).toBe(
      [
        '1,000 documents · 2.5 MB · 599,000 positions · shards 0, 1 of 2',
        '**1,234** in-context wins (0.21%): P(model) ≥ 0.3 and 1.6 nats above an n-gram model and the model given only the last 4 tokens.',
        '8 candidates, the top 5 shown. **Propose as task** opens the /task submit form with one of its prompts; **Task file** gives all of them.',
      ].join('\n'),
    );
    // each field: the counts and features, then at most 3 examples, as many as fit its 1,024 characters
    for (const f of embed.fields!) {
      expect(f.value.length).toBeLessThanOrEqual(1_024);
      expect(f.value.split('\n')[0]).toMatch(/^\*\*\d+\*\* wins of 100 positions like it: win rate \d+\.\d\d% \(95% CI [\d.]+%–[\d.]+%\) · 12\.3 per MB$/);
    }
    expect(fitted.components!.map((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')))).toStrictEqual(
      [0, 1, 2, 3, 4].map((i) => [`proposal:form:0123456789abcdef:${i}`, `proposal:file:0123456789abcdef:${i}`]),
    );
    expect(fitted.files.map((f) => f.name)).toStrictEqual(['discover.json']);
  });

  it('WHEN only some candidates were kept for buttons THEN only those get a row', () => {
    const message = discoverResultMessage(report([candidate(0), candidate(1)]), { runId: '0123456789abcdef', indices: new Set([1]) });
    expect(message.components!.map((row) => row.components.length)).toStrictEqual([2]);
    expect(JSON.stringify(message.components)).toContain('proposal:form:0123456789abcdef:1');
  });

  it('WHEN no candidate cleared the bar THEN the message says so and has no buttons', () => {
    const message = discoverResultMessage(report([]), { runId: '0123456789abcdef', indices: new Set() });
    expect(message.components).toBeUndefined();
    expect(message.embeds![0].description!.split('\n')[2]).toBe('No candidate cleared the bar (at least 5 wins, more often than positions no feature explains); 3 groups fell below it.');
  });

  it('WHEN an example holds backticks THEN its code spans cannot be closed early', () => {
    const line = exampleLine({ ...nasty, prompt_tail: 'a `b` c', actual: '`' }, 4);
    expect(line).toBe('`a␣`\u200bb`\u200b␣c` → ``\u200b` · P(model) 91.00% vs n-gram 2.00e-5, last 4 tokens 1.30%');
  });
});
