import type { HeadsReport } from '../../reports/heads-report.ts';
import { fixed } from '../../common/number-format.ts';
import { headHeatMap } from '../charts.ts';
import { html, type SafeHtml } from '../html.ts';
import type { ResultKind, StoredResult } from '../result-record.ts';
import { evaluationView, type EvaluationFigures } from './evaluation-view.ts';
import { layout } from './layout.ts';
import { completePage, scorePage } from './next-token-page.ts';
import { provenance } from './result-parts.ts';
import { surprisePage } from './surprise-page.ts';

function evaluationPage(result: StoredResult): SafeHtml {
  const report = result.output as unknown as EvaluationFigures;
  const downloads = html`<h2>Downloads</h2><ul>
<li><a href="/r/${result.id}/instances.jsonl" download>instances.jsonl</a>: the prompts listed on this page, one JSON line each (<code>hunt eval --instances</code> reads it)</li>
<li><a href="/r/${result.id}/record.json" download>record.json</a>: the whole stored report</li></ul>`;
  return layout({ title: `Evaluation of ${report.task ?? 'a task'}` }, html`<h1>${report.title ?? report.task ?? 'Evaluation'}</h1>${provenance(result)}${evaluationView(report, downloads)}`);
}

function headsPage(result: StoredResult): SafeHtml {
  const report = result.output as unknown as HeadsReport;
  const grid = (pick: (h: HeadsReport['heads'][number]) => number) =>
    Array.from({ length: report.n_layer }, (_, l) => Array.from({ length: report.n_head }, (_, h) => pick(report.heads[l * report.n_head + h])));
  return layout(
    { title: `Heads of ${report.task}`, charts: true },
    html`<h1>Which heads ${report.task} relies on</h1>
${provenance(result)}
<p class="figure">Mean logit difference (answer − distractor): <strong>${fixed(report.logit_diff)}</strong> over ${report.n} prompts · ${report.ablation} ablation</p>
<div class="side-by-side">${headHeatMap('direct logit attribution', grid((h) => h.attribution))}${headHeatMap(`drop in logit diff. when ${report.ablation}-ablated`, grid((h) => h.ablation_drop))}</div>
<p class="note">Hover a cell for its value (with JavaScript); the numbers are in <a href="/r/${result.id}/record.json">record.json</a>.</p>`,
  );
}

/** A record this version cannot draw (a kind from a later version): its JSON, readable. */
export function rawResultPage(result: StoredResult): SafeHtml {
  return layout(
    { title: `${result.kind} result` },
    html`<h1>A ${result.kind} result</h1>${provenance(result)}<p class="note">This page shows the stored record as it is.</p><pre class="json">${JSON.stringify({ input: result.input, output: result.output }, null, 2)}</pre>`,
  );
}

const PAGES: Record<ResultKind, (result: StoredResult) => SafeHtml> = {
  complete: completePage,
  score: scorePage,
  tokens: surprisePage,
  evaluation: evaluationPage,
  heads: headsPage,
};

/**
 * The page of a stored result, from the record alone. A record whose output lacks what
 * its kind's page needs (written by another version) falls back to the raw record
 * rather than to an error.
 */
export function resultPage(result: StoredResult): SafeHtml {
  try {
    return PAGES[result.kind](result);
  } catch {
    return rawResultPage(result);
  }
}

/** The prompts an evaluation page lists, as JSONL lines `{"prompt", "expected", "prob", "rank"}`. */
export function evaluationInstances(result: StoredResult): string {
  const report = result.output as unknown as EvaluationFigures;
  const rows = [...(report.worst ?? []), ...(report.best ?? [])];
  return rows.map((w) => JSON.stringify({ prompt: w.prompt, expected: w.expected, prob: w.prob, rank: w.rank })).join('\n') + (rows.length ? '\n' : '');
}
