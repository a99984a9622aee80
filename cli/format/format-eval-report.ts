import Table from 'cli-table3';
import { visibleToken } from '../../models/token-text.ts';
import type { EvalReport, Interval } from '../../tasks/eval-report.ts';
import { fixed, percent } from './number-format.ts';

const TABLE_STYLE = { head: [], border: [], compact: true };
/** how much of a long prompt a line shows: its end, where the cue and the answer are */
const PROMPT_TAIL = 110;

function promptTail(prompt: string): string {
  const shown = prompt.length > PROMPT_TAIL ? `…${prompt.slice(-PROMPT_TAIL)}` : prompt;
  return JSON.stringify(shown);
}

function interval(i: Interval | undefined, format: (x: number) => string): string {
  return i && !Number.isNaN(i.low) ? `[${format(i.low)}, ${format(i.high)}]` : '';
}

/** shares of prompts (top-1, beats distractor): plain percentages, unlike probabilities */
const share = (x: number) => `${(x * 100).toFixed(1)}%`;
const rank = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const ratio = (x: number) => (!Number.isFinite(x) ? '∞' : x >= 100 ? x.toFixed(0) : x.toFixed(2));

/** The figures, their intervals and the control's, one metric a row. */
function metricsTable(report: EvalReport): string {
  const { metrics: m, control: c, ci } = report;
  const table = new Table({ head: ['', 'value', `${Math.round(ci.level * 100)}% CI`, 'control'], style: TABLE_STYLE });
  table.push(['P(expected), mean', percent(m.mean_prob), interval(ci.mean_prob, percent), c ? percent(c.mean_prob) : '']);
  table.push(['P(expected), median', percent(m.median_prob), '', c ? percent(c.median_prob) : '']);
  table.push(['top-1', share(m.top1), interval(ci.top1, share), c ? share(c.top1) : '']);
  table.push(['top-5', share(m.top5), interval(ci.top5, share), c ? share(c.top5) : '']);
  table.push(['median rank', rank(m.median_rank), interval(ci.median_rank, rank), c ? rank(c.median_rank) : '']);
  if (m.mean_logit_diff !== undefined) {
    table.push(['logit diff vs distractor', fixed(m.mean_logit_diff), interval(ci.mean_logit_diff, fixed), c ? fixed(c.mean_logit_diff) : '']);
    table.push(['beats distractor', share(m.beats_distractor!), interval(ci.beats_distractor, share), c?.beats_distractor !== undefined ? share(c.beats_distractor) : '']);
  }
  if (c) table.push(['lift over control', ratio(c.lift), interval(ci.lift, ratio), '']);
  return table.toString();
}

function failureLines(report: EvalReport): string[] {
  const f = report.failures;
  const lines: string[] = [];
  if (f.count === 0 && f.control_errors === 0) {
    lines.push(`Failures: none (the heuristic answered all ${report.n} prompts)`);
  } else {
    const parts = [
      f.declined && `${f.declined} declined`,
      f.heuristic_errors && `${f.heuristic_errors} heuristic errors`,
      f.scoring_errors && `${f.scoring_errors} scoring errors`,
      f.control_errors && `${f.control_errors} control errors`,
    ].filter(Boolean);
    lines.push(`Failures: ${f.count} of ${report.n} prompts not scored (${parts.join(', ')})`);
    for (const e of f.examples) lines.push(`  ${e.reason}${e.detail ? ` (${e.detail})` : ''}: ${promptTail(e.prompt)}`);
  }
  if (report.mismatches.count > 0) {
    lines.push(`Heuristic vs generator: ${report.mismatches.count} prompts where the heuristic's answers miss the generator's`);
    for (const e of report.mismatches.examples) {
      lines.push(`  generator ${JSON.stringify(e.generator)}, heuristic ${JSON.stringify(e.heuristic.slice(0, 3))}: ${promptTail(e.prompt)}`);
    }
  }
  return lines;
}

/**
 * `hunt eval` for people: header, metrics table with intervals and control, verdict with its
 * confidence and reason, failures, and the prompts where model and heuristic disagree most.
 */
export function formatEvalReport(report: EvalReport): string {
  const lines = [
    `Task: ${report.task} — ${report.title} (${report.status})`,
    `Model: ${report.model} · <|endoftext|> ${report.bos ? 'prepended' : 'not prepended'} · seed ${report.seed} · ${report.scored} of ${report.n} prompts scored${report.truncated ? ` (${report.truncated} cut on the left to fit)` : ''}`,
    metricsTable(report),
    `Verdict: ${report.verdict.toUpperCase()} (confidence ${share(report.confidence)}: share of ${report.ci.resamples} bootstrap resamples with the same verdict)`,
    `  ${report.verdict_reason}`,
    ...failureLines(report),
  ];
  if (report.actual_agreement) {
    lines.push(`Corpus: the heuristic's answer is what really followed in ${share(report.actual_agreement.share)} of ${report.actual_agreement.n} prompts`);
  }
  lines.push('Worst prompts (lowest P(expected)):');
  report.worst.forEach((w, i) => {
    const expected = w.expected.slice(0, 2).map((e) => `'${visibleToken(e)}'`).join(' / ') + (w.expected.length > 2 ? ` (+${w.expected.length - 2})` : '');
    const control = w.control_prob !== undefined ? `, control ${percent(w.control_prob)}` : '';
    lines.push(`  ${i + 1}. expected ${expected}: P ${percent(w.prob)}, rank ${w.rank}${control}; model says '${visibleToken(w.model_top.text)}' (${percent(w.model_top.prob)})`);
    lines.push(`     ${promptTail(w.prompt)}`);
  });
  return lines.join('\n');
}

/** `hunt eval --all`: one row a task. */
export function formatEvalTable(reports: readonly EvalReport[]): string {
  const table = new Table({
    head: ['task', 'status', 'n', 'P(expected)', 'top-1', 'top-5', 'med. rank', 'logit diff', 'beats distr.', 'control P', 'lift', 'verdict (confidence)'],
    style: TABLE_STYLE,
  });
  for (const r of reports) {
    const m = r.metrics;
    table.push([
      r.task,
      r.status,
      String(r.scored),
      percent(m.mean_prob),
      share(m.top1),
      share(m.top5),
      rank(m.median_rank),
      m.mean_logit_diff !== undefined ? fixed(m.mean_logit_diff, 2) : '—',
      m.beats_distractor !== undefined ? share(m.beats_distractor) : '—',
      r.control ? percent(r.control.mean_prob) : '—',
      r.control ? ratio(r.control.lift) : '—',
      `${r.verdict} (${Math.round(r.confidence * 100)}%)`,
    ]);
  }
  return table.toString();
}
