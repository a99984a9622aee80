import { InputError } from '../common/errors.ts';
import { describeIssues } from '../common/describe-issues.ts';
import type { SqlClient } from '../catalog/sql-client.ts';
import { resultId } from './result-id.ts';
import { newResultSchema, RESULT_ID_PATTERN, RESULT_JSON_MAX, type NewResult, type ResultKind, type StoredResult } from './result-record.ts';

interface ResultRow {
  id: string;
  kind: ResultKind;
  model_id: string;
  model_revision: string | null;
  tool_version: string;
  seed: number | null;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  created_at: Date;
}

/** Stored results (table `results`): written once under their content hash, read by id. */
export class ResultRepository {
  constructor(private readonly sql: SqlClient) {}

  /**
   * Store a result; storing the same content again keeps the first record and returns its id.
   *
   * @example await results.store({ kind: 'tokens', model: { id: 'local:tiny-gpt2', revision: null }, tool_version: '0.1.0', seed: null, input: { text: 'Hi' }, output: report })
   * // { id: '…20 hex…', created: true }
   */
  async store(result: NewResult): Promise<{ id: string; created: boolean }> {
    const parsed = newResultSchema.safeParse(result);
    if (!parsed.success) throw new InputError('bad_payload', `not a result record: ${describeIssues(parsed.error.issues)}`);
    const record = parsed.data;
    const input = JSON.stringify(record.input);
    const output = JSON.stringify(record.output);
    if (input.length + output.length > RESULT_JSON_MAX) {
      throw new InputError('bad_payload', `the result is ${input.length + output.length} characters of JSON, over the ${RESULT_JSON_MAX} a shared result may have`);
    }
    const id = resultId(record);
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO results (id, kind, model_id, model_revision, tool_version, seed, input, output)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, record.kind, record.model.id, record.model.revision, record.tool_version, record.seed, input, output],
    );
    return { id, created: rows.length === 1 };
  }

  /** The record with this id; undefined when there is none or the id is not one (never a database error for a malformed id). */
  async get(id: string): Promise<StoredResult | undefined> {
    if (!RESULT_ID_PATTERN.test(id)) return undefined;
    const [row] = await this.sql.query<ResultRow>(
      'SELECT id, kind, model_id, model_revision, tool_version, seed, input, output, created_at FROM results WHERE id = $1',
      [id],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      model: { id: row.model_id, revision: row.model_revision },
      tool_version: row.tool_version,
      seed: row.seed,
      input: row.input,
      output: row.output,
      created_at: row.created_at,
    };
  }

  /** The latest records, newest first (the home page). */
  async recent(limit = 20): Promise<Pick<StoredResult, 'id' | 'kind' | 'model' | 'created_at'>[]> {
    const rows = await this.sql.query<Pick<ResultRow, 'id' | 'kind' | 'model_id' | 'model_revision' | 'created_at'>>(
      'SELECT id, kind, model_id, model_revision, created_at FROM results ORDER BY created_at DESC, id LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, model: { id: r.model_id, revision: r.model_revision }, created_at: r.created_at }));
  }
}
