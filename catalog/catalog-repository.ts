import { describeIssues } from '../common/describe-issues.ts';
import { InputError } from '../common/errors.ts';
import { catalogRecordSchema, type CatalogRecord } from './catalog-record.schema.ts';
import type { SqlClient } from './sql-client.ts';

/** Largest task id the `integer` columns hold; a larger one (typeable in any Discord client) names no task. */
export const MAX_TASK_ID = 2_147_483_647;
const isTaskId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= MAX_TASK_ID;
const noSuchTask = (id: number) => new InputError('not_found', `there is no task #${id}`);

/** Net upvotes a task needs to enter the catalog, unless configured (HUNT_CATALOG_THRESHOLD). */
export const DEFAULT_THRESHOLD = 3;

export interface TaskRow {
  id: number;
  slug: string;
  definition: Record<string, unknown>;
  submitter: string;
  guild_id: string | null;
  channel_id: string | null;
  message_id: string | null;
  submitted_at: Date;
}

export interface NewTask {
  definition: Record<string, unknown>;
  submitter: string;
  guildId?: string;
  channelId?: string;
  messageId?: string;
}

export interface NewEvaluation {
  taskId: number;
  /** the queue job that computed it; recording the same job twice keeps the first */
  jobId?: string;
  modelId: string;
  modelRevision: string;
  metrics: Record<string, unknown>;
  verdict: string;
  /** who computed it: a worker's host:pid, or `bot` */
  computedBy?: string;
  /** the model weights' file hash, when the runner knows it */
  modelFileHash?: string;
  /** this tool's version */
  toolVersion?: string;
  seed?: number;
  n?: number;
}

export interface VoteOutcome {
  /** sum of votes (+1 / −1) after this one */
  net: number;
  up: number;
  down: number;
  /** 'new': first vote of this user; 'changed': flipped; 'same': repeated */
  vote: 'new' | 'changed' | 'same';
  /** this vote put the task into the catalog */
  added: boolean;
  inCatalog: boolean;
}

/** The votes on a task now. */
export interface VoteTally {
  net: number;
  up: number;
  down: number;
  inCatalog: boolean;
}

/** A submitted task in a list (`/task list`): its votes and its latest verdict. */
export interface TaskSummary {
  id: number;
  slug: string;
  title: string | null;
  submitter: string;
  submitted_at: Date;
  net: number;
  up: number;
  down: number;
  /** the latest evaluation's verdict; null while none */
  verdict: string | null;
  in_catalog: boolean;
}

/** One submitted task in full (`/task show`): the row, its votes, its latest evaluation. */
export interface TaskDetail {
  task: TaskRow;
  tally: VoteTally;
  evaluation: { id: number; model_id: string; model_revision: string; metrics: Record<string, unknown>; verdict: string; evaluated_at: Date } | null;
}

const TALLY_SQL = `
  SELECT coalesce(sum(value), 0)::int AS net,
         count(*) FILTER (WHERE value = 1)::int AS up,
         count(*) FILTER (WHERE value = -1)::int AS down,
         EXISTS (SELECT 1 FROM catalog_entries WHERE task_id = $1) AS "inCatalog"
    FROM votes WHERE task_id = $1`;

export interface CatalogSummary {
  task_id: number;
  slug: string;
  title: string | null;
  submitter: string;
  net_votes: number;
  verdict: string | null;
  model_id: string | null;
  added_at: Date;
}

interface RecordRow extends Omit<TaskRow, 'id'> {
  task_id: number;
  net_votes: number;
  threshold: number;
  added_at: Date;
  evaluation_id: number | null;
  job_id: string | null;
  model_id: string | null;
  model_revision: string | null;
  metrics: Record<string, unknown> | null;
  verdict: string | null;
  evaluated_at: Date | null;
  entry_provenance: 'voted' | 'imported';
  provenance: 'computed' | 'imported' | null;
  computed_by: string | null;
  model_file_hash: string | null;
  tool_version: string | null;
  seed: number | null;
  n: number | null;
  claimed: Record<string, unknown> | null;
}

/**
 * Every task with its vote tally, latest verdict and whether it is in the catalog (a
 * `TaskSummary` a row), for a WHERE and ORDER BY to follow: the CLI's list and the web's
 * search read tasks through this one query. `extra` adds columns (`, t.… AS …`).
 */
export const taskSummarySelect = (extra = ''): string => `
  SELECT t.id, t.slug, t.definition->>'title' AS title, t.submitter, t.submitted_at,
         coalesce(v.net, 0)::int AS net, coalesce(v.up, 0)::int AS up, coalesce(v.down, 0)::int AS down,
         e.verdict, (c.task_id IS NOT NULL) AS in_catalog${extra}
         FROM tasks t
         LEFT JOIN (SELECT task_id, sum(value) AS net, count(*) FILTER (WHERE value = 1) AS up, count(*) FILTER (WHERE value = -1) AS down
                      FROM votes GROUP BY task_id) v ON v.task_id = t.id
         LEFT JOIN LATERAL (SELECT verdict FROM evaluations WHERE task_id = t.id ORDER BY evaluated_at DESC, id DESC LIMIT 1) e ON true
         LEFT JOIN catalog_entries c ON c.task_id = t.id
`;

/** Voted entries (the catalog) or imported ones (migration 004), which never mix. */
type EntryTable = 'catalog_entries' | 'imported_entries';

const recordSelect = (table: EntryTable) => `
  SELECT t.id AS task_id, t.slug, t.definition, t.submitter, t.guild_id, t.channel_id, t.message_id, t.submitted_at,
         c.net_votes, c.threshold, c.added_at, ${table === 'catalog_entries' ? "'voted'" : "'imported'"} AS entry_provenance,
         e.id AS evaluation_id, e.job_id, e.model_id, e.model_revision, e.metrics, e.verdict, e.evaluated_at,
         e.provenance, e.computed_by, e.model_file_hash, e.tool_version, e.seed, e.n, e.claimed
    FROM ${table} c
    JOIN tasks t ON t.id = c.task_id
    LEFT JOIN evaluations e ON e.id = c.evaluation_id`;

/** An evaluation computed here of an imported task (`hunt catalog import --reevaluate`): our figures, stored beside the file's claim. */
export type OwnEvaluation = Omit<NewEvaluation, 'taskId' | 'jobId'>;

function toRecord(row: RecordRow): CatalogRecord {
  return {
    task_id: row.task_id,
    slug: row.slug,
    definition: row.definition,
    submitter: row.submitter,
    guild_id: row.guild_id,
    channel_id: row.channel_id,
    message_id: row.message_id,
    submitted_at: row.submitted_at.toISOString(),
    net_votes: row.net_votes,
    threshold: row.threshold,
    added_at: row.added_at.toISOString(),
    provenance: row.entry_provenance,
    evaluation:
      row.evaluation_id === null
        ? null
        : {
            id: row.evaluation_id,
            job_id: row.job_id,
            model_id: row.model_id!,
            model_revision: row.model_revision!,
            metrics: row.metrics!,
            verdict: row.verdict!,
            evaluated_at: row.evaluated_at!.toISOString(),
            provenance: row.provenance ?? 'computed',
            computed_by: row.computed_by,
            model_file_hash: row.model_file_hash,
            tool_version: row.tool_version,
            seed: row.seed,
            n: row.n,
            claimed: row.claimed,
          },
  };
}

/** What an imported evaluation claimed: its own figures, or (imported again) the original claim. */
function claimOf(e: NonNullable<CatalogRecord['evaluation']>): Record<string, unknown> {
  if (e.provenance === 'imported' && e.claimed) return e.claimed;
  const { id: _id, job_id: _job, provenance: _p, claimed: _c, ...figures } = e;
  return figures;
}

/** Problems shown of a record that fails validation: a file of something else fails on every field, in one short line. */
const ISSUES_SHOWN = 3;

/**
 * @example describeRecordIssues(issues) // 'task_id: Invalid input: expected number, received undefined; slug: …; definition: …; and 10 more (hunt catalog export writes the format)'
 */
function slugOf(definition: Record<string, unknown>): string {
  const id = definition.id;
  if (typeof id !== 'string' || id.trim() === '') throw new InputError('bad_task', 'a task definition needs an "id" (kebab-case, e.g. "ioi")');
  return id;
}

/** Validate records of an export (jsonl or csv, parsed); the first bad one fails the whole import, naming it. */
export function parseCatalogRecords(input: unknown[]): CatalogRecord[] {
  return input.map((raw, i) => {
    const parsed = catalogRecordSchema.safeParse(raw);
    if (!parsed.success) throw new InputError('bad_payload', `record ${i + 1} is not a catalog entry: ${describeIssues(parsed.error.issues, { limit: ISSUES_SHOWN, whole: '(record)', more: '(hunt catalog export writes the format)' })}`);
    return parsed.data;
  });
}

/**
 * The catalog's data access: every SQL statement of the project lives here, over a
 * SqlClient, so it runs the same on PostgreSQL and PGlite.
 */
export class CatalogRepository {
  readonly threshold: number;

  constructor(
    private readonly sql: SqlClient,
    options: { threshold?: number } = {},
  ) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    if (!Number.isInteger(this.threshold) || this.threshold < 1) {
      throw new InputError('bad_option', `the catalog threshold must be a whole number ≥ 1 (got ${this.threshold})`);
    }
  }

  async submitTask(task: NewTask): Promise<TaskRow> {
    const [row] = await this.sql.query<TaskRow>(
      `INSERT INTO tasks (slug, definition, submitter, guild_id, channel_id, message_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [slugOf(task.definition), JSON.stringify(task.definition), task.submitter, task.guildId ?? null, task.channelId ?? null, task.messageId ?? null],
    );
    return row;
  }

  /**
   * A task and its evaluation together, in one transaction (`hunt submit`, which evaluates
   * before it stores): both rows or neither.
   */
  async submitEvaluatedTask(task: NewTask, evaluation: Omit<NewEvaluation, 'taskId' | 'jobId'>): Promise<{ task: TaskRow; evaluationId: number }> {
    const definition = JSON.stringify(task.definition);
    const slug = slugOf(task.definition);
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<TaskRow>(
        `INSERT INTO tasks (slug, definition, submitter, guild_id, channel_id, message_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [slug, definition, task.submitter, task.guildId ?? null, task.channelId ?? null, task.messageId ?? null],
      );
      const e = evaluation;
      const [inserted] = await tx.query<{ id: number }>(
        `INSERT INTO evaluations (task_id, model_id, model_revision, metrics, verdict, computed_by, model_file_hash, tool_version, seed, n)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [row.id, e.modelId, e.modelRevision, JSON.stringify(e.metrics), e.verdict, e.computedBy ?? null, e.modelFileHash ?? null, e.toolVersion ?? null, e.seed ?? null, e.n ?? null],
      );
      return { task: row, evaluationId: inserted.id };
    });
  }

  /** Which of these task ids exist here already (an import skips them). */
  async existingTaskIds(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.sql.query<{ id: number }>('SELECT id FROM tasks WHERE id = ANY($1::int[])', [ids.filter(isTaskId)]);
    return new Set(rows.map((r) => r.id));
  }

  async getTask(id: number): Promise<TaskRow | undefined> {
    if (!isTaskId(id)) return undefined;
    const [row] = await this.sql.query<TaskRow>('SELECT * FROM tasks WHERE id = $1', [id]);
    return row;
  }

  /** Record an evaluation; with a job id, idempotent: the same job recorded again returns the first row's id. */
  async recordEvaluation(e: NewEvaluation): Promise<{ id: number; created: boolean }> {
    const [inserted] = await this.sql.query<{ id: number }>(
      `INSERT INTO evaluations (task_id, job_id, model_id, model_revision, metrics, verdict, computed_by, model_file_hash, tool_version, seed, n)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (job_id) DO NOTHING RETURNING id`,
      [e.taskId, e.jobId ?? null, e.modelId, e.modelRevision, JSON.stringify(e.metrics), e.verdict, e.computedBy ?? null, e.modelFileHash ?? null, e.toolVersion ?? null, e.seed ?? null, e.n ?? null],
    );
    if (inserted) return { id: inserted.id, created: true };
    const [existing] = await this.sql.query<{ id: number }>('SELECT id FROM evaluations WHERE job_id = $1', [e.jobId]);
    return { id: existing.id, created: false };
  }

  /**
   * One user's vote on a task; voting again replaces it. When the net count reaches
   * the threshold the task enters the catalog, with its latest evaluation — exactly once,
   * however many votes race: each vote locks the task's row (FOR UPDATE), so votes on one
   * task are counted one after another, and the entry's primary key refuses a second.
   */
  async vote(taskId: number, userId: string, value: 1 | -1): Promise<VoteOutcome> {
    if (value !== 1 && value !== -1) throw new InputError('bad_option', `a vote is +1 or -1 (got ${value})`);
    if (!isTaskId(taskId)) throw noSuchTask(taskId);
    return this.sql.transaction(async (tx) => {
      const [task] = await tx.query<{ submitter: string }>('SELECT submitter FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
      if (!task) throw noSuchTask(taskId);
      // a vote says that others found the behaviour real: the submitter's own does not count
      if (task.submitter === userId) throw new InputError('bad_option', `you submitted task #${taskId}; votes on it come from others`);
      const [previous] = await tx.query<{ value: number }>('SELECT value FROM votes WHERE task_id = $1 AND user_id = $2', [taskId, userId]);
      await tx.query(
        `INSERT INTO votes (task_id, user_id, value) VALUES ($1, $2, $3)
         ON CONFLICT (task_id, user_id) DO UPDATE SET value = EXCLUDED.value, voted_at = now()`,
        [taskId, userId, value],
      );
      const [{ inCatalog, ...tally }] = await tx.query<VoteTally>(TALLY_SQL, [taskId]);
      let added = false;
      if (!inCatalog && tally.net >= this.threshold) {
        const rows = await tx.query(
          `INSERT INTO catalog_entries (task_id, evaluation_id, net_votes, threshold)
           VALUES ($1, (SELECT id FROM evaluations WHERE task_id = $1 ORDER BY evaluated_at DESC, id DESC LIMIT 1), $2, $3)
           ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
          [taskId, tally.net, this.threshold],
        );
        added = rows.length === 1;
      }
      const vote = previous === undefined ? 'new' : previous.value === value ? 'same' : 'changed';
      return { ...tally, vote, added, inCatalog: inCatalog || added };
    });
  }

  /**
   * Take back a user's vote (pressing the same vote button again). A catalog entry, once
   * made, stays: the catalog records that the task crossed the threshold.
   */
  async withdrawVote(taskId: number, userId: string): Promise<VoteTally> {
    if (!isTaskId(taskId)) throw noSuchTask(taskId);
    return this.sql.transaction(async (tx) => {
      const task = await tx.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [taskId]);
      if (task.length === 0) throw noSuchTask(taskId);
      await tx.query('DELETE FROM votes WHERE task_id = $1 AND user_id = $2', [taskId, userId]);
      const [tally] = await tx.query<VoteTally>(TALLY_SQL, [taskId]);
      return tally;
    });
  }

  /** Submitted tasks with votes and latest verdict: `top` by net votes, `new` by submission; optionally one verdict only. */
  async listTasks(options: { sort: 'top' | 'new'; verdict?: string; limit?: number }): Promise<TaskSummary[]> {
    const order = options.sort === 'top' ? 'net DESC, t.id DESC' : 't.submitted_at DESC, t.id DESC';
    return this.sql.query<TaskSummary>(
      `${taskSummarySelect()}
        WHERE ($1::text IS NULL OR e.verdict = $1)
        ORDER BY ${order}
        LIMIT $2`,
      [options.verdict ?? null, options.limit ?? 25],
    );
  }

  /** One submitted task with its votes and latest evaluation. */
  async taskDetail(taskId: number): Promise<TaskDetail | undefined> {
    const task = await this.getTask(taskId);
    if (!task) return undefined;
    const [tally] = await this.sql.query<VoteTally>(TALLY_SQL, [taskId]);
    const [evaluation] = await this.sql.query<NonNullable<TaskDetail['evaluation']>>(
      `SELECT id, model_id, model_revision, metrics, verdict, evaluated_at FROM evaluations
        WHERE task_id = $1 ORDER BY evaluated_at DESC, id DESC LIMIT 1`,
      [taskId],
    );
    return { task, tally, evaluation: evaluation ?? null };
  }

  /** Catalog entries (voted in here), newest first; `imported`: the entries `hunt catalog import` stored instead. */
  async list(options: { imported?: boolean } = {}): Promise<CatalogSummary[]> {
    const table: EntryTable = options.imported ? 'imported_entries' : 'catalog_entries';
    return this.sql.query<CatalogSummary>(
      `SELECT c.task_id, t.slug, t.definition->>'title' AS title, t.submitter, c.net_votes, e.verdict, e.model_id, c.added_at
         FROM ${table} c JOIN tasks t ON t.id = c.task_id LEFT JOIN evaluations e ON e.id = c.evaluation_id
        ORDER BY c.added_at DESC, c.task_id DESC`,
    );
  }

  async show(taskId: number, options: { imported?: boolean } = {}): Promise<CatalogRecord | undefined> {
    if (!isTaskId(taskId)) return undefined;
    const [row] = await this.sql.query<RecordRow>(`${recordSelect(options.imported ? 'imported_entries' : 'catalog_entries')} WHERE c.task_id = $1`, [taskId]);
    return row && toRecord(row);
  }

  /** Every entry, oldest first: the export (of the catalog, or of the imported entries). */
  async exportRecords(options: { imported?: boolean } = {}): Promise<CatalogRecord[]> {
    return (await this.sql.query<RecordRow>(`${recordSelect(options.imported ? 'imported_entries' : 'catalog_entries')} ORDER BY c.task_id`)).map(toRecord);
  }

  /**
   * Load exported entries, keeping their ids, in one transaction. They go to the imported
   * entries, never to the catalog: only votes cast here put a task there. Each evaluation is
   * stored as the file's claim (verdict 'unverified', the figures kept in `claimed`), or, for a
   * task in `reevaluated`, as our own figures computed here, with the claim kept beside them.
   * An entry already present (same task id, same submission) is skipped, so importing twice
   * changes nothing; a different task under the same id is refused and nothing is imported.
   */
  async importRecords(input: unknown[], options: { reevaluated?: ReadonlyMap<number, OwnEvaluation> } = {}): Promise<{ imported: number; skipped: number; reevaluated: number }> {
    const records = parseCatalogRecords(input);
    return this.sql.transaction(async (tx) => {
      let skipped = 0;
      const entries: { record: CatalogRecord; evaluationId: number | null; ours?: OwnEvaluation }[] = [];
      for (const r of records) {
        const inserted = await tx.query(
          `INSERT INTO tasks (id, slug, definition, submitter, guild_id, channel_id, message_id, submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [r.task_id, r.slug, JSON.stringify(r.definition), r.submitter, r.guild_id, r.channel_id, r.message_id, r.submitted_at],
        );
        if (inserted.length === 0) {
          const [same] = await tx.query(
            'SELECT 1 FROM tasks WHERE id = $1 AND submitter = $2 AND submitted_at = $3 AND definition = $4::jsonb',
            [r.task_id, r.submitter, r.submitted_at, JSON.stringify(r.definition)],
          );
          if (!same) throw new InputError('bad_payload', `task #${r.task_id} already exists here with different content; nothing was imported`);
          skipped++;
          continue;
        }
        const ours = options.reevaluated?.get(r.task_id);
        if (r.evaluation && !ours) {
          // Figures no worker here computed are a claim, not a result: kept apart, verdict 'unverified'.
          const e = r.evaluation;
          await tx.query(
            `INSERT INTO evaluations (id, task_id, job_id, model_id, model_revision, metrics, verdict, evaluated_at, provenance, claimed)
             VALUES ($1, $2, $3, $4, $5, '{}', 'unverified', $6, 'imported', $7)`,
            [e.id, r.task_id, e.job_id, e.model_id, e.model_revision, e.evaluated_at, JSON.stringify(claimOf(e))],
          );
        }
        entries.push({ record: r, evaluationId: ours ? null : (r.evaluation?.id ?? null), ours });
      }
      // Ids were given explicitly: move the identity sequences past them so new rows do not collide.
      for (const table of ['tasks', 'evaluations']) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
      }
      for (const entry of entries) {
        const r = entry.record;
        if (entry.ours) {
          // computed here: our figures and provenance; what the file claimed stays beside them
          const o = entry.ours;
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO evaluations (task_id, model_id, model_revision, metrics, verdict, computed_by, model_file_hash, tool_version, seed, n, provenance, claimed)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'computed', $11) RETURNING id`,
            [r.task_id, o.modelId, o.modelRevision, JSON.stringify(o.metrics), o.verdict, o.computedBy ?? null, o.modelFileHash ?? null, o.toolVersion ?? null, o.seed ?? null, o.n ?? null, r.evaluation ? JSON.stringify(claimOf(r.evaluation)) : null],
          );
          entry.evaluationId = row.id;
        }
        await tx.query('INSERT INTO imported_entries (task_id, evaluation_id, net_votes, threshold, added_at) VALUES ($1, $2, $3, $4, $5)', [
          r.task_id,
          entry.evaluationId,
          r.net_votes,
          r.threshold,
          r.added_at,
        ]);
      }
      return { imported: entries.length, skipped, reevaluated: entries.filter((e) => e.ours).length };
    });
  }
}
