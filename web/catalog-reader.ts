import { taskSummarySelect, type TaskSummary } from '../catalog/catalog-repository.ts';
import type { SqlClient } from '../catalog/sql-client.ts';

/** A row of the catalog page: `/task list`'s summary of a task, with its definition's status. */
export interface TaskListing extends TaskSummary {
  status: string | null;
}

export interface TaskSearch {
  /** part of the task's id or title, any case */
  q?: string;
  /** the definition's status (known, proposed, submitted), or `in-catalog` / `not-in-catalog` for whether it was voted in */
  status?: string;
  verdict?: string;
  sort: 'votes' | 'new';
  limit: number;
}

export interface EvaluationRow {
  id: number;
  task_id: number;
  slug: string;
  model_id: string;
  model_revision: string;
  metrics: Record<string, unknown>;
  verdict: string;
  evaluated_at: Date;
  /** who computed it and how (catalog migration 002): null where the row predates it */
  provenance: 'computed' | 'imported';
  computed_by: string | null;
  model_file_hash: string | null;
  tool_version: string | null;
  seed: number | null;
  n: number | null;
  /** what an import file claimed, kept apart from figures computed here */
  claimed: Record<string, unknown> | null;
}

export interface CatalogEntryView {
  task: { id: number; slug: string; definition: Record<string, unknown>; submitter: string; guild_id: string | null; channel_id: string | null; message_id: string | null; submitted_at: Date };
  tally: { net: number; up: number; down: number };
  /** every vote, oldest first: who, which way, when (a changed vote shows its latest) */
  votes: { user_id: string; value: number; voted_at: Date }[];
  evaluations: Omit<EvaluationRow, 'metrics' | 'slug' | 'task_id'>[];
  entry: { net_votes: number; threshold: number; added_at: Date; evaluation_id: number | null } | null;
}

/**
 * What `hunt serve` reads of the catalog: searches and whole entries, read-only. Writing
 * stays with the bot and the CLI (catalog/catalog-repository.ts).
 */
export class CatalogReader {
  constructor(private readonly sql: SqlClient) {}

  async search(s: TaskSearch): Promise<TaskListing[]> {
    const order = s.sort === 'votes' ? 'net DESC, t.id DESC' : 't.submitted_at DESC, t.id DESC';
    const pattern = s.q ? `%${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const inCatalog = s.status === 'in-catalog' ? true : s.status === 'not-in-catalog' ? false : null;
    const status = s.status && inCatalog === null ? s.status : null;
    return this.sql.query<TaskListing>(
      `${taskSummarySelect(", t.definition->>'status' AS status")}
        WHERE ($1::text IS NULL OR t.slug ILIKE $1 OR coalesce(t.definition->>'title', '') ILIKE $1)
          AND ($2::text IS NULL OR t.definition->>'status' = $2)
          AND ($3::text IS NULL OR e.verdict = $3)
          AND ($4::boolean IS NULL OR (c.task_id IS NOT NULL) = $4)
        ORDER BY ${order}
        LIMIT $5`,
      [pattern, status, s.verdict ?? null, inCatalog, s.limit],
    );
  }

  async entry(taskId: number): Promise<CatalogEntryView | undefined> {
    const [task] = await this.sql.query<CatalogEntryView['task']>(
      'SELECT id, slug, definition, submitter, guild_id, channel_id, message_id, submitted_at FROM tasks WHERE id = $1',
      [taskId],
    );
    if (!task) return undefined;
    const votes = await this.sql.query<CatalogEntryView['votes'][number]>('SELECT user_id, value, voted_at FROM votes WHERE task_id = $1 ORDER BY voted_at, user_id', [taskId]);
    const evaluations = await this.sql.query<CatalogEntryView['evaluations'][number]>(
      'SELECT id, model_id, model_revision, verdict, evaluated_at FROM evaluations WHERE task_id = $1 ORDER BY evaluated_at DESC, id DESC',
      [taskId],
    );
    const [entry] = await this.sql.query<NonNullable<CatalogEntryView['entry']>>('SELECT net_votes, threshold, added_at, evaluation_id FROM catalog_entries WHERE task_id = $1', [taskId]);
    const up = votes.filter((v) => v.value === 1).length;
    const down = votes.length - up;
    return { task, tally: { net: up - down, up, down }, votes, evaluations, entry: entry ?? null };
  }

  async evaluation(id: number): Promise<EvaluationRow | undefined> {
    const [row] = await this.sql.query<EvaluationRow>(
      `SELECT e.id, e.task_id, t.slug, e.model_id, e.model_revision, e.metrics, e.verdict, e.evaluated_at,
              e.provenance, e.computed_by, e.model_file_hash, e.tool_version, e.seed, e.n, e.claimed
         FROM evaluations e JOIN tasks t ON t.id = e.task_id WHERE e.id = $1`,
      [id],
    );
    return row;
  }
}
