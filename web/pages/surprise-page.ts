import { fixed, percent } from '../../common/number-format.ts';
import { visibleToken } from '../../models/token-text.ts';
import { html, type SafeHtml } from '../html.ts';
import type { StoredResult } from '../result-record.ts';
import type { SurpriseReport, SurpriseToken } from '../surprise-report.ts';
import { layout } from './layout.ts';
import { provenance } from './result-parts.ts';

/** Log-prob at which a token is fully red: −10 nats is about 1 in 22,000. */
const FULL_SURPRISE = 10;

/** A token's background: white when expected, red the more it surprised the model. */
export function surpriseColour(logprob: number | null): string {
  if (logprob === null) return 'transparent';
  const t = Math.min(1, Math.max(0, -logprob / FULL_SURPRISE));
  return `rgba(214, 39, 40, ${t.toFixed(2)})`;
}

/** A token and, on hover or focus (CSS only, no script needed), the model's top-k at that position. */
function surpriseToken(token: SurpriseToken, index: number): SafeHtml {
  const card =
    token.logprob === null
      ? html`<span class="card">nothing predicts the first token</span>`
      : html`<span class="card"><span class="card-head">${visibleToken(token.text)} · log-prob ${fixed(token.logprob)} · rank ${token.rank ?? '—'}</span>${
          token.top?.length
            ? html`<span class="card-rows">${token.top.map((t) => html`<span class="card-row${t.id === token.id ? ' mark' : ''}"><span>${visibleToken(t.text)}</span><span>${percent(t.prob)}</span></span>`)}</span>`
            : ''
        }</span>`;
  return html`<span class="tok surprise" tabindex="0" data-index="${index}" style="background:${surpriseColour(token.logprob)}">${visibleToken(token.text)}${card}</span>`;
}

/** `hunt tokens`: per-token surprise, coloured by log-prob, the top-k on hover. */
export function surprisePage(result: StoredResult): SafeHtml {
  const report = result.output as unknown as SurpriseReport;
  const known = report.tokens.filter((t) => t.logprob !== null);
  const total = known.reduce((s, t) => s + (t.logprob ?? 0), 0);
  return layout(
    { title: 'Token surprise' },
    html`<h1>Per-token surprise</h1>
${provenance(result)}
<p class="note">Each token coloured by its log-prob under the model (white: expected; red: ${fixed(-FULL_SURPRISE, 0)} nats or less). Hover or focus a token for what the model expected there.${report.bos ? ' <|endoftext|> was prepended.' : ''}</p>
<div class="tokens surprise-text">${report.tokens.map((t, i) => surpriseToken(t, i))}</div>
<p class="figure">Total log-prob <strong>${fixed(total)}</strong> over ${known.length} predicted tokens (mean ${fixed(known.length ? total / known.length : NaN)})</p>
<h2>Tokens</h2>
<table class="sortable numbers">
<thead><tr><th>#</th><th>token</th><th>id</th><th>log-prob</th><th>rank</th><th>model expected</th></tr></thead>
<tbody>${report.tokens.map(
      (t, i) =>
        html`<tr><td>${i}</td><td><span class="tok">${visibleToken(t.text)}</span></td><td>${t.id}</td><td>${fixed(t.logprob)}</td><td>${t.rank ?? '—'}</td><td>${(t.top ?? []).slice(0, 3).map((x) => html`<span class="tok">${visibleToken(x.text)}</span> ${percent(x.prob)} `)}</td></tr>`,
    )}</tbody></table>`,
  );
}
