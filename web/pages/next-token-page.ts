import type { CompleteReport } from '../../reports/complete-report.ts';
import type { ScoreReport } from '../../reports/score-report.ts';
import { fixed, percent } from '../../common/number-format.ts';
import { visibleToken } from '../../models/token-text.ts';
import { topKBarChart } from '../charts.ts';
import { html, type SafeHtml } from '../html.ts';
import type { StoredResult } from '../result-record.ts';
import { layout } from './layout.ts';
import { promptTokens, provenance, tokenChip, topTable } from './result-parts.ts';

function topChart(top: CompleteReport['top']): SafeHtml {
  return topKBarChart(
    top.map((t) => visibleToken(t.text)),
    top.map((t) => t.prob),
  );
}

/** `/complete` and `hunt complete`: the next-token distribution and the continuation. */
export function completePage(result: StoredResult): SafeHtml {
  const report = result.output as unknown as CompleteReport;
  const prompt = String(result.input.prompt ?? '');
  return layout(
    { title: 'Next tokens', charts: true },
    html`<h1>Top ${report.top.length} next tokens</h1>
${provenance(result)}
<h2>Prompt</h2>
<pre class="prompt">${prompt}</pre>
${promptTokens(report.prompt_tokens, report.bos, report.truncated)}
<h2>Next token</h2>
<div class="side-by-side">${topTable(report.top)}${topChart(report.top)}</div>
<h2>${report.sampled ? 'Sampled' : 'Greedy'} continuation (${report.continuation_tokens.length} tokens)</h2>
<p class="tokens">${report.continuation_tokens.map((t) => tokenChip(t, 'cont'))}</p>
<pre class="prompt">${report.continuation}</pre>`,
  );
}

/** `/score` and `hunt score`: each answer's log-prob and rank, the logit difference, the top-k. */
export function scorePage(result: StoredResult): SafeHtml {
  const report = result.output as unknown as ScoreReport;
  const answerIds = new Set(report.answers.map((a) => a.token_ids[0]));
  return layout(
    { title: 'Answer scores', charts: true },
    html`<h1>Scores of ${report.answers.length} answer${report.answers.length === 1 ? '' : 's'}</h1>
${provenance(result)}
<h2>Prompt</h2>
<pre class="prompt">${report.prompt}</pre>
${promptTokens(report.prompt_tokens, report.bos, report.truncated)}
<h2>Answers</h2>
<table class="sortable numbers">
<thead><tr><th>answer</th><th>tokens</th><th>rank</th><th>prob</th><th>log-prob</th><th>logit</th><th>note</th></tr></thead>
<tbody>${report.answers.map(
      (a) =>
        html`<tr><td>${tokenChip({ id: a.token_ids[0], text: a.answer })}</td><td>${a.tokens.map((t) => tokenChip(t))}</td><td>${a.rank}</td><td data-sort="${a.prob}">${percent(a.prob)}</td><td>${fixed(a.logprob)}</td><td>${fixed(a.logit)}</td><td>${a.boundary_merge ? 'a BPE merge crosses the boundary. ' : ''}${a.note ?? ''}</td></tr>`,
    )}</tbody></table>
${report.logit_diff === undefined ? '' : html`<p class="figure">Logit difference (${visibleToken(report.answers[0].answer)} − ${visibleToken(report.answers[1].answer)}, first tokens): <strong>${fixed(report.logit_diff)}</strong></p>`}
<h2>Top ${report.top.length} next tokens</h2>
<div class="side-by-side">${topTable(report.top, answerIds)}${topChart(report.top)}</div>`,
  );
}
