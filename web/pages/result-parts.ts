import { percent, fixed } from '../../common/number-format.ts';
import type { TokenInfo, TopToken } from '../../models/engine-types.ts';
import { visibleToken } from '../../models/token-text.ts';
import { html, type SafeHtml } from '../html.ts';
import type { StoredResult } from '../result-record.ts';

/** What computed a result and when: shown on every result page. */
export function provenance(result: StoredResult): SafeHtml {
  return html`<dl class="provenance">
<dt>model</dt><dd>${result.model.id}</dd>
<dt>weights</dt><dd>${result.model.revision ?? 'not recorded'}</dd>
<dt>tool</dt><dd>hunt ${result.tool_version}</dd>
${result.seed === null ? '' : html`<dt>seed</dt><dd>${result.seed}</dd>`}
<dt>shared</dt><dd><time datetime="${result.created_at.toISOString()}">${result.created_at.toISOString().slice(0, 16).replace('T', ' ')} UTC</time></dd>
<dt>record</dt><dd><a href="/r/${result.id}/record.json">record.json</a> · id <code>${result.id}</code></dd>
</dl>`;
}

/** A token with its whitespace visible (␣ ↵ ⇥), the raw id in the tooltip. */
export function tokenChip(token: TokenInfo, extraClass = ''): SafeHtml {
  return html`<span class="tok ${extraClass}" title="id ${token.id}">${visibleToken(token.text)}</span>`;
}

export function promptTokens(tokens: readonly TokenInfo[], bos: boolean, truncated: number): SafeHtml {
  return html`<p class="tokens">${bos ? html`<span class="tok bos" title="id 50256">&lt;|endoftext|&gt;</span>` : ''}${tokens.map((t) => tokenChip(t))}</p>
<p class="note">${tokens.length + (bos ? 1 : 0)} tokens${bos ? ' · <|endoftext|> prepended' : ''}${truncated ? ` · ${truncated} cut on the left to fit the context` : ''}</p>`;
}

/** The top-k table: rank, token (spaces visible), id, probability, log-prob, logit. */
export function topTable(top: readonly TopToken[], highlight: ReadonlySet<number> = new Set()): SafeHtml {
  return html`<table class="sortable numbers">
<thead><tr><th>rank</th><th>token</th><th>id</th><th>prob</th><th>log-prob</th><th>logit</th></tr></thead>
<tbody>${top.map(
    (t, i) =>
      html`<tr class="${highlight.has(t.id) ? 'mark' : ''}"><td>${i + 1}</td><td>${tokenChip(t)}</td><td>${t.id}</td><td data-sort="${t.prob}">${percent(t.prob)}</td><td>${fixed(t.logprob)}</td><td>${fixed(t.logit)}</td></tr>`,
  )}</tbody></table>`;
}
