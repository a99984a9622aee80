import { InputError } from '../common/errors.ts';
import type { CatalogRecord } from './catalog-record.schema.ts';

export type ExportFormat = 'jsonl' | 'csv' | 'md';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'md'];

/** The columns every CSV export has had, in order; an older export has these only. */
const BASE_COLUMNS = [
  'task_id', 'slug', 'submitter', 'guild_id', 'channel_id', 'message_id', 'submitted_at', 'net_votes', 'threshold', 'added_at',
  'evaluation_id', 'job_id', 'model_id', 'model_revision', 'verdict', 'evaluated_at', 'metrics', 'definition',
] as const;
/**
 * Provenance (catalog migration 002), after the base columns: where the entry came from, who
 * computed the evaluation with which weights, tool version, seed and n, and what an imported
 * evaluation claimed (JSON).
 */
const PROVENANCE_COLUMNS = ['provenance', 'evaluation_provenance', 'computed_by', 'model_file_hash', 'tool_version', 'seed', 'n', 'claimed'] as const;
/** CSV columns, in order; nested JSON (definition, metrics, claimed) goes in one cell as JSON text. */
const CSV_COLUMNS = [...BASE_COLUMNS, ...PROVENANCE_COLUMNS] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

function csvRow(record: CatalogRecord): Record<CsvColumn, string | number | null> {
  const e = record.evaluation;
  return {
    task_id: record.task_id,
    slug: record.slug,
    submitter: record.submitter,
    guild_id: record.guild_id,
    channel_id: record.channel_id,
    message_id: record.message_id,
    submitted_at: record.submitted_at,
    net_votes: record.net_votes,
    threshold: record.threshold,
    added_at: record.added_at,
    evaluation_id: e?.id ?? null,
    job_id: e?.job_id ?? null,
    model_id: e?.model_id ?? null,
    model_revision: e?.model_revision ?? null,
    verdict: e?.verdict ?? null,
    evaluated_at: e?.evaluated_at ?? null,
    metrics: e ? JSON.stringify(e.metrics) : null,
    definition: JSON.stringify(record.definition),
    provenance: record.provenance ?? null,
    evaluation_provenance: e?.provenance ?? null,
    computed_by: e?.computed_by ?? null,
    model_file_hash: e?.model_file_hash ?? null,
    tool_version: e?.tool_version ?? null,
    seed: e?.seed ?? null,
    n: e?.n ?? null,
    claimed: e?.claimed ? JSON.stringify(e.claimed) : null,
  };
}

/** RFC 4180: quote a cell holding a comma, quote, CR or LF; double inner quotes. null is an empty cell. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function mdCell(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value).replaceAll('|', '\\|').replace(/\s+/g, ' ');
}

/**
 * The catalog as text. `jsonl` and `csv` are for tools (and import back); `md` is a
 * table for people, and does not import.
 */
export function formatExport(records: CatalogRecord[], format: ExportFormat): string {
  switch (format) {
    case 'jsonl':
      return records.map((r) => `${JSON.stringify(r)}\n`).join('');
    case 'csv':
      return [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => csvCell(csvRow(r)[c])).join(','))].map((line) => `${line}\r\n`).join('');
    case 'md': {
      const lines = ['| # | task | title | submitter | net votes | verdict | model | added |', '| ---: | --- | --- | --- | ---: | --- | --- | --- |'];
      for (const r of records) {
        const title = typeof r.definition.title === 'string' ? r.definition.title : null;
        lines.push(
          `| ${r.task_id} | ${mdCell(r.slug)} | ${mdCell(title)} | ${mdCell(r.submitter)} | ${r.net_votes} | ${mdCell(r.evaluation?.verdict)} | ${mdCell(r.evaluation?.model_id)} | ${r.added_at.slice(0, 10)} |`,
        );
      }
      return `${lines.join('\n')}\n`;
    }
  }
}

/** Split CSV text into rows of cells (RFC 4180, quoted cells may hold newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new InputError('bad_payload', 'the CSV ends inside a quoted cell');
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function fromCsv(text: string): unknown[] {
  const [header, ...rows] = parseCsv(text);
  // an export from before the provenance columns has the base columns only: it still imports
  if (!header || !(header.length === BASE_COLUMNS.length || header.length === CSV_COLUMNS.length) || CSV_COLUMNS.some((c, i) => i < header.length && header[i] !== c)) {
    throw new InputError('bad_payload', `the CSV header must be: ${CSV_COLUMNS.join(',')}`);
  }
  const withProvenance = header.length === CSV_COLUMNS.length;
  return rows.map((cells, line) => {
    const get = (c: CsvColumn) => {
      const v = cells[CSV_COLUMNS.indexOf(c)];
      return v === undefined || v === '' ? null : v;
    };
    /** a provenance column, left out of the record when the file has none (the schema's fields are optional) */
    const optional = <T>(value: T) => (withProvenance ? value : undefined);
    const json = (c: CsvColumn) => {
      const v = get(c);
      try {
        return v === null ? null : (JSON.parse(v) as unknown);
      } catch {
        throw new InputError('bad_payload', `CSV row ${line + 2}: ${c} is not valid JSON`);
      }
    };
    const num = (c: CsvColumn) => (get(c) === null ? null : Number(get(c)));
    return {
      task_id: num('task_id'),
      slug: get('slug'),
      definition: json('definition'),
      submitter: get('submitter'),
      guild_id: get('guild_id'),
      channel_id: get('channel_id'),
      message_id: get('message_id'),
      submitted_at: get('submitted_at'),
      net_votes: num('net_votes'),
      threshold: num('threshold'),
      added_at: get('added_at'),
      provenance: optional(get('provenance') ?? undefined),
      evaluation:
        get('evaluation_id') === null
          ? null
          : {
              id: num('evaluation_id'),
              job_id: get('job_id'),
              model_id: get('model_id'),
              model_revision: get('model_revision'),
              metrics: json('metrics'),
              verdict: get('verdict'),
              evaluated_at: get('evaluated_at'),
              provenance: optional(get('evaluation_provenance') ?? undefined),
              computed_by: optional(get('computed_by')),
              model_file_hash: optional(get('model_file_hash')),
              tool_version: optional(get('tool_version')),
              seed: optional(num('seed')),
              n: optional(num('n')),
              claimed: optional(json('claimed')),
            },
    };
  });
}

/** The format of an export file, from its name. */
export function formatOfFile(file: string): ExportFormat | undefined {
  const ext = file.toLowerCase().split('.').pop();
  return ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : ext === 'csv' ? 'csv' : ext === 'md' ? 'md' : undefined;
}

/** Records (not yet validated: importRecords does that) from an export's text. */
export function parseExport(text: string, format: ExportFormat): unknown[] {
  switch (format) {
    case 'jsonl':
      return text
        .split('\n')
        .map((line, i) => ({ line: line.trim(), i }))
        .filter(({ line }) => line !== '')
        .map(({ line, i }) => {
          try {
            return JSON.parse(line) as unknown;
          } catch {
            throw new InputError('bad_payload', `line ${i + 1} is not JSON`);
          }
        });
    case 'csv':
      return fromCsv(text);
    case 'md':
      throw new InputError('bad_payload', 'a Markdown export is for reading; import a .jsonl or .csv export');
  }
}
