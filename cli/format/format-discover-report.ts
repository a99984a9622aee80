import type { Proportion } from '../../corpus/proportion-interval.ts';
import type { Candidate, DiscoverReport, WinExample } from '../../discover/discover-report.ts';
import { visibleToken } from '../../models/token-text.ts';
import { percent } from '../../common/number-format.ts';

const count = (n: number): string => n.toLocaleString('en-US');
const oneLine = (text: string): string => text.replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');
const prob = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toExponential(1));

/** "7.6% [6.1%, 9.3%] (79 of 1,044)" */
function rate(p: Proportion): string {
  if (p.value === null) return '— (no positions)';
  const clean = (x: number) => (x < 1e-12 ? 0 : x);
  return `${percent(p.value)} [${percent(clean(p.low!))}, ${percent(p.high!)}] (${count(p.k)} of ${count(p.n)})`;
}

function formatExample(e: WinExample): string {
  return `    …${oneLine(e.prompt_tail)}⟦${visibleToken(e.actual)}⟧  model ${prob(e.p_model)} · n-gram ${prob(e.p_ngram)} · short ${prob(e.p_short)}`;
}

function formatCandidate(c: Candidate, rank: number): string[] {
  const p = c.p_vs_unexplained === null ? '' : `, Fisher p ${c.p_vs_unexplained.toExponential(1)} against unexplained positions (Holm-adjusted ${c.p_adjusted?.toExponential(1) ?? '—'})`;
  return [
    `${rank}. ${c.id} — ${c.name}, ${c.shape}: ${count(c.wins)} wins, ${c.per_mb.toFixed(1)} per MB; win rate ${rate(c.rate)}${p}`,
    `   signature  ${c.signature.length ? c.signature.join(' + ') : '(no known feature)'}`,
    `   heuristic  ${c.heuristic}`,
    ...(c.regex ? [`   regex      ${c.regex}`] : []),
    ...(c.examples.length ? [`   examples (⟦…⟧ is the actual next token):`, ...c.examples.map(formatExample)] : []),
  ];
}

/** The human view of `hunt discover`; `--json` prints the DiscoverReport itself. */
export function formatDiscoverReport(r: DiscoverReport): string {
  const lines = [
    `Discovered in ${r.corpus} with ${r.model}`,
    ...(r.shards ? [`  shards        ${r.shards} merged`] : []),
    `  scanned       ${count(r.docs)} documents, ${(r.bytes / 1e6).toFixed(2)} MB, ${count(r.tokens)} tokens, ${count(r.positions)} positions (windows of ${count(r.window)} tokens)`,
    `  a win         P(model) ≥ ${r.rule.min_prob}, and ≥ ${r.rule.margin} nats over each baseline (each below ${r.rule.min_prob}): the n-gram (${r.ngram}) and the model given only the last ${r.rule.short_context} tokens`,
    `  wins          ${rate(r.win_rate)}`,
    `  time          ${r.seconds.toFixed(1)} s (${r.seconds > 0 ? percent(r.seconds_model / r.seconds) : '—'} in the model): ${count(Math.round(r.positions_per_s))} positions/s, ${count(Math.round(r.tokens_per_s))} tokens/s, ${r.mb_per_s.toFixed(3)} MB/s`,
    'Win rate by feature (a refinement is credited when it wins more often than its parent alone, one-sided Fisher p < 0.01):',
    ...r.features
      .filter((f) => f.positions > 0)
      .map((f) => {
        const refines = f.refines ? ` — vs ${f.refines} alone ${rate(f.parent_alone!)}, p ${f.p_value!.toExponential(1)}: ${f.credited ? 'credited' : 'not credited'}` : '';
        return `  ${f.kind.padEnd(20)} ${rate(f.rate)}${refines}`;
      }),
    'Win rate by class of the predicted token:',
    ...r.by_class.map((c) => `  ${c.kind.padEnd(20)} ${rate(c.rate)}`),
  ];
  if (r.candidates.length === 0) {
    lines.push(`No candidate clears the bar (at least ${r.min_wins} wins, and a win rate above the unexplained positions'); ${count(r.below_bar)} group${r.below_bar === 1 ? '' : 's'} with wins below it.`);
  } else {
    lines.push(`Candidates (${r.candidates.length}; ${count(r.below_bar)} more group${r.below_bar === 1 ? '' : 's'} below the bar). Write one as a task: --emit-task <id> > task.yaml`);
    r.candidates.forEach((c, i) => lines.push(...formatCandidate(c, i + 1)));
  }
  return lines.join('\n');
}
