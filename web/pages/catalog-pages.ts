import { html, type SafeHtml } from '../html.ts';
import type { CatalogEntryView, EvaluationRow, TaskListing, TaskSearch } from '../catalog-reader.ts';
import { evaluationView, type EvaluationFigures } from './evaluation-view.ts';
import { layout } from './layout.ts';

const VERDICTS = ['strong', 'moderate', 'weak', 'none'];
const STATUSES = ['in-catalog', 'not-in-catalog', 'submitted', 'known', 'proposed'];

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function option(value: string, selected: string | undefined, label = value): SafeHtml {
  return html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
}

/** The catalog: every submitted task, searchable by name, status and verdict, sorted by votes or date. */
export function catalogListPage(rows: TaskListing[], search: TaskSearch): SafeHtml {
  return layout(
    { title: 'Catalog' },
    html`<h1>Catalog</h1>
<form class="search" method="get" action="/catalog">
<label>name <input type="search" name="q" value="${search.q ?? ''}" maxlength="100" placeholder="ioi, acronym…"></label>
<label>status <select name="status">${option('', search.status, 'any')}${STATUSES.map((s) => option(s, search.status, s === 'in-catalog' ? 'in the catalog' : s === 'not-in-catalog' ? 'not yet in the catalog' : s))}</select></label>
<label>verdict <select name="verdict">${option('', search.verdict, 'any')}${VERDICTS.map((v) => option(v, search.verdict))}</select></label>
<label>sort <select name="sort">${option('votes', search.sort, 'most votes')}${option('new', search.sort, 'newest')}</select></label>
<button type="submit">search</button>
</form>
${
  rows.length === 0
    ? html`<p class="empty">No task matches.</p>`
    : html`<table class="sortable numbers catalog"><thead><tr><th>#</th><th>task</th><th>status</th><th>verdict</th><th>votes</th><th>▲</th><th>▼</th><th>submitted</th></tr></thead>
<tbody>${rows.map(
        (r) =>
          html`<tr><td>${r.id}</td><td class="text"><a href="/catalog/${r.id}">${r.title ?? r.slug}</a> <code>${r.slug}</code>${r.in_catalog ? html` <span class="badge">in catalog</span>` : ''}</td><td>${r.status ?? '—'}</td><td class="verdict-${r.verdict ?? 'pending'}">${r.verdict ?? 'not evaluated'}</td><td>${r.net}</td><td>${r.up}</td><td>${r.down}</td><td>${day(r.submitted_at)}</td></tr>`,
      )}</tbody></table>`
}
<p class="note">${rows.length} task${rows.length === 1 ? '' : 's'} shown (at most ${search.limit}).</p>`,
  );
}

/** One task of the catalog: its votes (tally and history), its evaluations, and where it came from. */
export function catalogEntryPage(view: CatalogEntryView): SafeHtml {
  const title = typeof view.task.definition.title === 'string' ? view.task.definition.title : view.task.slug;
  return layout(
    { title },
    html`<h1>${title}</h1>
<p><code>${view.task.slug}</code> · task #${view.task.id} · submitted by ${view.task.submitter} on ${day(view.task.submitted_at)} · <a href="/tasks/${view.task.id}">definition and examples</a></p>
${view.entry ? html`<p class="badge-line"><span class="badge">in the catalog</span> since ${day(view.entry.added_at)}, at ${view.entry.net_votes} net votes (threshold ${view.entry.threshold})</p>` : html`<p class="note">Not in the catalog yet.</p>`}
<h2>Votes</h2>
<p class="figure">net <strong class="net-votes">${view.tally.net}</strong> · ▲ ${view.tally.up} up · ▼ ${view.tally.down} down</p>
${view.votes.length ? html`<table class="numbers"><thead><tr><th>when</th><th>who</th><th>vote</th></tr></thead><tbody>${view.votes.map((v) => html`<tr><td>${v.voted_at.toISOString().slice(0, 16).replace('T', ' ')}</td><td>${v.user_id}</td><td>${v.value > 0 ? '▲ up' : '▼ down'}</td></tr>`)}</tbody></table>` : html`<p class="empty">No votes yet.</p>`}
<h2>Evaluations</h2>
${
  view.evaluations.length
    ? html`<table class="numbers"><thead><tr><th>#</th><th>verdict</th><th>model</th><th>weights</th><th>when</th></tr></thead><tbody>${view.evaluations.map(
        (e) =>
          html`<tr><td><a href="/evaluations/${e.id}">${e.id}</a></td><td class="verdict-${e.verdict}"><a href="/evaluations/${e.id}">${e.verdict}</a></td><td>${e.model_id}</td><td>${e.model_revision}</td><td>${e.evaluated_at.toISOString().slice(0, 16).replace('T', ' ')}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="empty">Not evaluated yet.</p>`
}`,
  );
}

/** An evaluation recorded in the catalog: its figures (the catalog keeps no example prompts). */
export function catalogEvaluationPage(row: EvaluationRow): SafeHtml {
  const figures = { ...row.metrics, verdict: row.verdict } as unknown as EvaluationFigures;
  const dd = (value: string | number | null) => (value === null ? '—' : String(value));
  // an imported evaluation holds no figures computed here: only the file's claim, shown as such
  const body =
    row.provenance === 'imported'
      ? html`<p class="note">Imported, not verified: no worker here computed these figures. What the import file claimed:</p><pre>${JSON.stringify(row.claimed ?? {}, null, 2)}</pre>`
      : html`${evaluationView(figures)}${row.claimed ? html`<h2>Claimed by an import file</h2><p class="note">Figures an imported file claimed for this task; the ones above were computed here.</p><pre>${JSON.stringify(row.claimed, null, 2)}</pre>` : ''}`;
  return layout(
    { title: `Evaluation ${row.id}` },
    html`<h1>Evaluation #${row.id} of <a href="/catalog/${row.task_id}">${row.slug}</a></h1>
<dl class="provenance"><dt>model</dt><dd>${row.model_id}</dd><dt>weights</dt><dd>${row.model_revision}</dd><dt>weights sha256</dt><dd>${dd(row.model_file_hash)}</dd><dt>computed by</dt><dd>${row.provenance === 'imported' ? 'imported, unverified' : dd(row.computed_by)}</dd><dt>tool version</dt><dd>${dd(row.tool_version)}</dd><dt>seed, n</dt><dd>${dd(row.seed)}, ${dd(row.n)}</dd><dt>evaluated</dt><dd>${row.evaluated_at.toISOString().slice(0, 16).replace('T', ' ')} UTC</dd></dl>
${body}
<p class="note">The catalog keeps the figures of an evaluation, not its prompts; <code>hunt eval … --share</code> stores a whole report with its worst prompts.</p>`,
  );
}
