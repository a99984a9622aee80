import Table from 'cli-table3';
import { visibleToken } from '../../models/token-text.ts';
import type { EvalReport, Interval } from '../../tasks/eval-report.ts';
import { fixed, percent } from '../../common/number-format.ts';

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

const signed = (x: number) => (x >= 0 ? `+${fixed(x)}` : fixed(x));
const pValue = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toFixed(4));

/** The verdict line: the verdict, what the intervals allow, the gate's p-value. */
function verdictLine(report: EvalReport): string {
  const upper = report.verdict_upper !== report.verdict ? `, at most ${report.verdict_upper}` : '';
  const corrected = report.gate.correction !== 'none' ? ` (${report.gate.correction}-corrected over the tasks: ${pValue(report.gate.p_adjusted)})` : '';
  return `Verdict: ${report.verdict.toUpperCase()}${upper} — each figure at ${Math.round(report.confidence * 100)}% confidence; gate p ${pValue(report.gate.p)}${corrected}`;
}

/** Says when the controls were not the task's own: the generic shuffle measures less than a control written for the cue. */
export function controlSourceLine(report: EvalReport): string | null {
  const c = report.control;
  if (!c || !c.generic) return null;
  const which = c.generic === c.n ? 'generic — the task gives none' : `generic for ${c.generic} of ${c.n} prompts — the task gives none for them`;
  return `  control: ${which}, so the words before the last three are shuffled (every token stays, their order goes)`;
}

/** The paired figures the verdict is decided on. */
function pairedLines(report: EvalReport): string[] {
  const lines: string[] = [];
  const unit = report.test_unit === 'template' ? `${report.units} templates` : `${report.units} prompts`;
  if (report.effect) {
    const e = report.effect;
    lines.push(
      `Effect of the cue, log P(clean) − log P(control): mean ${signed(e.mean)} nats ${interval(e.ci, fixed)}, median ${signed(e.median)}, shown by ${share(e.share_positive)} of ${e.n} prompts; sign test over ${unit} p ${pValue(e.test.p)}`,
    );
  } else {
    lines.push('Effect of the cue: not measured — no prompt had a control, and without one the verdict is none');
  }
  const controlLine = controlSourceLine(report);
  if (controlLine) lines.push(controlLine);
  if (report.distractors) {
    const d = report.distractors;
    lines.push(
      `Beats each distractor (chance 50%): ${share(d.beats_each)} of ${d.pairs} pairs${d.by_position.length > 1 ? ` (by position: ${d.by_position.map(share).join(', ')})` : ''}; beats all: ${share(d.beats_all)}; sign test p ${pValue(d.test.p)}`,
    );
  }
  return lines;
}

function baselineLines(report: EvalReport): string[] {
  if (report.baselines.length === 0) return ['Baselines: none scored'];
  const lines = [`Baselines (the model's ${report.effect ? 'effect' : 'log P'} minus the baseline's, per prompt):`];
  for (const b of report.baselines) {
    const a = b.advantage;
    lines.push(
      `  ${b.beaten ? 'beats' : 'does NOT beat'} ${b.name.padEnd(8)} advantage ${signed(a.mean)} nats ${interval(a.ci, fixed)}, ahead on ${share(a.share_positive)}, p ${pValue(a.test.p)} · its own P ${percent(b.mean_prob)}${b.mean_effect !== null ? `, effect ${signed(b.mean_effect)}` : ''}`,
    );
  }
  return lines;
}

function paperLines(report: EvalReport): string[] {
  const f = report.task_figures;
  if (!f) return [];
  if (f.paper === 'hanna2023') {
    return [`Hanna et al. 2023: probability difference ${percent(f.overall.probability_difference)}, cutoff sharpness ${percent(f.overall.cutoff_sharpness)} (GPT-2 small: 81.7%)`];
  }
  const row = (name: string, g: { n: number; mean_logit_diff: number; mean_prob_io: number; io_over_s: number }) =>
    `  ${name.padEnd(12)} n ${String(g.n).padStart(4)}  logit diff ${fixed(g.mean_logit_diff)}  P(IO) ${percent(g.mean_prob_io)}  IO > S ${share(g.io_over_s)}`;
  return [
    'Wang et al. 2022 (GPT-2 small: logit diff 3.56, P(IO) 49%, IO > S 99.3%):',
    row('overall', f.overall),
    ...Object.entries(f.by_order).map(([k, g]) => row(k, g)),
    ...Object.entries(f.by_template).map(([k, g]) => row(`template ${k}`, g)),
  ];
}

/**
 * `hunt eval` for people: the verdict line first, then the figures that decided it (paired
 * effect, distractors, the metrics table), then the baselines, the papers' figures, failures,
 * and the prompts where model and heuristic disagree most.
 */
export function formatEvalReport(report: EvalReport): string {
  const lines = [
    verdictLine(report),
    `  ${report.verdict_reason}`,
    ...(report.small_n ? [`  warning: ${report.small_n.message}`] : []),
    `Task: ${report.task} — ${report.title} (${report.status})`,
    `Model: ${report.model} · <|endoftext|> ${report.bos ? 'prepended' : 'not prepended'} · seed ${report.seed} · ${report.scored} of ${report.n} prompts scored${report.duplicates_removed ? ` (${report.duplicates_removed} duplicates dropped)` : ''}${report.truncated ? ` (${report.truncated} cut on the left to fit)` : ''}`,
    ...pairedLines(report),
    metricsTable(report),
    `  (top-1, top-5, rank and logit diff read the answer's first token only; probabilities and effects the whole answer)`,
    ...baselineLines(report),
    ...paperLines(report),
    ...failureLines(report),
  ];
  if (report.actual_agreement) {
    const a = report.actual_agreement;
    lines.push(
      `Corpus: the heuristic's answer is what really followed in ${share(a.share)} of ${a.n} prompts; mean P(actual) ${percent(a.mean_prob_actual)}, P(heuristic) ${percent(a.mean_prob_heuristic)}`,
      `  the model's top token agrees with both ${a.model_agrees.both}, the text only ${a.model_agrees.text}, the heuristic only ${a.model_agrees.heuristic}, neither ${a.model_agrees.neither}`,
    );
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
    head: ['task', 'status', 'n', 'P(expected)', 'top-1', 'effect (nats)', 'shown by', 'beats distr.', 'beats baselines', 'p', 'p (Holm)', 'verdict'],
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
      r.effect ? signed(r.effect.mean) : '—',
      r.effect ? share(r.effect.share_positive) : '—',
      m.beats_distractor !== undefined ? share(m.beats_distractor) : '—',
      r.baselines.length ? r.baselines.map((b) => `${b.beaten ? '✓' : '✗'}${b.name}`).join(' ') : '—',
      pValue(r.gate.p),
      r.gate.correction === 'holm' ? pValue(r.gate.p_adjusted) : '—',
      `${r.verdict}${r.verdict_upper !== r.verdict ? ` (≤ ${r.verdict_upper})` : ''}`,
    ]);
  }
  return table.toString();
}
