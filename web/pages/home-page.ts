import { html, type SafeHtml } from '../html.ts';
import type { StoredResult } from '../result-record.ts';
import { layout } from './layout.ts';

const KIND_NAMES: Record<StoredResult['kind'], string> = { complete: 'next tokens', score: 'answer scores', tokens: 'token surprise', evaluation: 'evaluation', heads: 'heads' };

/** The latest shared results and the way to the catalog. */
export function homePage(recent: Pick<StoredResult, 'id' | 'kind' | 'model' | 'created_at'>[]): SafeHtml {
  return layout(
    { title: 'Results' },
    html`<h1>Behaviours of GPT-2 small</h1>
<p>Shared results (<code>hunt … --share</code>, the Discord bot's replies), the <a href="/catalog">catalog</a> of tasks the community voted in, and the <a href="/tasks">built-in tasks</a>.</p>
<h2>Latest shared results</h2>
${
  recent.length
    ? html`<table><thead><tr><th>result</th><th>kind</th><th>model</th><th>shared</th></tr></thead><tbody>${recent.map(
        (r) => html`<tr><td><a href="/r/${r.id}"><code>${r.id}</code></a></td><td>${KIND_NAMES[r.kind] ?? r.kind}</td><td>${r.model.id}</td><td>${r.created_at.toISOString().slice(0, 16).replace('T', ' ')}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">Nothing shared yet: try <code>hunt complete "…" --share</code>.</p>`
}`,
  );
}
