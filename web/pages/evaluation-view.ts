import { fixed, percent } from '../../common/number-format.ts';
import type { EvalReport, Interval, TaskMetrics } from '../../tasks/eval-report.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * What an evaluation page can show: the whole `hunt eval --json` report of a shared
 * result, or the figures a catalog evaluation keeps (no example prompts). Fields a
 * later version adds (`per_template`, `best`, `baselines`) are shown when present.
 */
export type EvaluationFigures = Partial<Omit<EvalReport, 'baselines' | 'per_template' | 'best'>> & Pick<EvalReport, 'metrics' | 'verdict'> & {
  per_template?: Record<string, unknown>[];
  best?: EvalReport['worst'];
  baselines?: Record<string, unknown>[] | Record<string, unknown>;
};

const FIGURES: { key: keyof TaskMetrics; label: string; format: (x: number) => string }[] = [
  { key: 'mean_prob', label: 'P(expected), mean', format: percent },
  { key: 'median_prob', label: 'P(expected), median', format: percent },
  { key: 'top1', label: 'top-1', format: (x) => `${(x * 100).toFixed(1)}%` },
  { key: 'top5', label: 'top-5', format: (x) => `${(x * 100).toFixed(1)}%` },
  { key: 'median_rank', label: 'median rank', format: (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1)) },
  { key: 'mean_logit_diff', label: 'logit diff. vs distractor', format: (x) => fixed(x, 2) },
  { key: 'beats_distractor', label: 'beats distractor', format: (x) => `${(x * 100).toFixed(1)}%` },
];

function interval(ci: Interval | undefined, format: (x: number) => string): string {
  return ci ? `${format(ci.low)} – ${format(ci.high)}` : '—';
}

function cell(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : Math.abs(value) < 0.001 && value !== 0 ? value.toExponential(2) : value.toFixed(3);
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A table of objects, one row each, columns from their keys (per-template figures, baselines). */
function objectTable(rows: Record<string, unknown>[]): SafeHtml {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return html`<table class="sortable numbers"><thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}</tbody></table>`;
}

function promptsTable(rows: NonNullable<EvalReport['worst']>): SafeHtml {
  return html`<table class="sortable numbers prompts"><thead><tr><th>prompt</th><th>expected</th><th>P(expected)</th><th>rank</th><th>model says</th><th>control P</th></tr></thead>
<tbody>${rows.map(
    (w) =>
      html`<tr><td class="text">${w.prompt}</td><td>${w.expected.join(' | ')}</td><td data-sort="${w.prob}">${percent(w.prob)}</td><td>${w.rank}</td><td>${w.model_top.text} (${percent(w.model_top.prob)})</td><td>${w.control_prob === undefined ? '—' : percent(w.control_prob)}</td></tr>`,
  )}</tbody></table>`;
}

/**
 * What the record's confidence means: since the paired-statistics report (it has a `gate`), the level
 * at which every deciding figure's interval clears its threshold; before, the share of bootstrap
 * resamples with the same verdict. A stored record is shown as it was computed.
 */
function confidenceNote(e: EvaluationFigures): SafeHtml | string {
  if (e.confidence === undefined) return '';
  const level = `${(e.confidence * 100).toFixed(0)}%`;
  if (!e.gate) return html` <span class="note">(confidence ${level}: share of bootstrap resamples with the same verdict)</span>`;
  const upper = e.verdict_upper && e.verdict_upper !== e.verdict ? `; at most ${e.verdict_upper}` : '';
  if (e.verdict === 'none') {
    return html` <span class="note">(gate p ${e.gate.p.toExponential(2)}${upper}: a level needs every gate test below ${e.gate.alpha} and each deciding figure's ${level} interval over its threshold)</span>`;
  }
  return html` <span class="note">(each deciding figure's ${level} interval clears its threshold; gate p ${e.gate.p.toExponential(2)}${upper})</span>`;
}

/** The verdict, the figures that decided it with their intervals, clean vs control, and the prompts. */
export function evaluationView(e: EvaluationFigures, downloads: SafeHtml | string = ''): SafeHtml {
  const figures = FIGURES.filter((f) => e.metrics[f.key] !== undefined);
  const ci = e.ci as Partial<Record<keyof TaskMetrics, Interval>> | undefined;
  const control = e.control;
  const baselines = e.baselines === undefined ? [] : Array.isArray(e.baselines) ? e.baselines : Object.entries(e.baselines).map(([name, v]) => ({ baseline: name, ...(typeof v === 'object' && v ? v : { value: v }) }));
  return html`<section class="verdict verdict-${e.verdict}">
<p class="verdict-line">Verdict: <strong class="verdict-word">${e.verdict}</strong>${confidenceNote(e)}</p>
${e.verdict_reason ? html`<p>${e.verdict_reason}</p>` : ''}
${e.effect ? html`<p>Effect of the cue, log P(clean) − log P(control): mean ${fixed(e.effect.mean, 3)} nats [${fixed(e.effect.ci.low, 3)}, ${fixed(e.effect.ci.high, 3)}], shown by ${percent(e.effect.share_positive)} of ${e.effect.n} prompts; sign test p ${e.effect.test.p.toExponential(2)}</p>` : ''}
${e.small_n ? html`<p class="note">${e.small_n.message}</p>` : ''}
<p class="note">${e.task ? `task ${e.task}` : ''}${e.model ? ` · model ${e.model}` : ''}${e.n === undefined ? '' : ` · ${e.n} prompts, ${e.scored ?? '?'} scored`}${e.seed === undefined ? '' : ` · seed ${e.seed}`}${e.bos === undefined ? '' : e.bos ? ' · <|endoftext|> prepended' : ' · no <|endoftext|>'}</p>
</section>
<h2>Figures</h2>
<table class="numbers figures"><thead><tr><th>figure</th><th>clean</th><th>${ci ? `${Math.round((e.ci?.level ?? 0.95) * 100)}% interval` : 'interval'}</th><th>control</th></tr></thead>
<tbody>${figures.map(
    (f) =>
      html`<tr><td>${f.label}</td><td>${f.format(e.metrics[f.key] as number)}</td><td>${interval(ci?.[f.key], f.format)}</td><td>${control && control[f.key] !== undefined ? f.format(control[f.key] as number) : '—'}</td></tr>`,
  )}
${control ? html`<tr><td>lift (clean ÷ control P)</td><td>${fixed(control.lift, 2)}</td><td>${interval(e.ci?.lift, (x) => fixed(x, 2))}</td><td>${control.n} controls</td></tr>` : ''}
</tbody></table>
${control === null ? html`<p class="note">No prompt had a control: the effect of the cue was not measured.</p>` : ''}
${control?.generic ? html`<p class="note">Controls: generic${control.generic < control.n ? ` for ${control.generic} of ${control.n} prompts — the task gives none for them` : ' — the task gives none'}, so the words before the last three are shuffled (every token stays, their order goes).</p>` : ''}
${baselines.length ? html`<h2>Baselines</h2>${objectTable(baselines)}` : ''}
${e.per_template?.length ? html`<h2>Per template</h2>${objectTable(e.per_template)}` : ''}
${e.failures ? html`<p class="note">Not scored: ${e.failures.count} (declined ${e.failures.declined}, heuristic errors ${e.failures.heuristic_errors}, scoring errors ${e.failures.scoring_errors}); control errors ${e.failures.control_errors}.</p>` : ''}
${e.worst?.length ? html`<h2>Worst prompts</h2><p class="note">Where the model gives the expected answer the lowest probability.</p>${promptsTable(e.worst)}` : ''}
${e.best?.length ? html`<h2>Best prompts</h2>${promptsTable(e.best)}` : ''}
${downloads}`;
}
