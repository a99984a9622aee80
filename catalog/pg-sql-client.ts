import pg from 'pg';
import { OutageError } from '../common/errors.ts';
import { quoteSchema, type SqlClient } from './sql-client.ts';

/** PostgreSQL cannot be reached: transient, worth retrying. */
export class DatabaseUnavailableError extends OutageError {
  constructor(where: string, reason: string) {
    super(`PostgreSQL at ${where} is unreachable (${reason})`);
  }
}

/** A DatabaseUnavailableError that keeps the driver's error, so a transaction can tell a lost connection from a bad statement. */
function unavailableFrom(where: string, reason: string, cause: unknown): DatabaseUnavailableError {
  const err = new DatabaseUnavailableError(where, reason);
  Object.defineProperty(err, 'cause', { value: cause, enumerable: false });
  return err;
}

/** host:port/database of a connection string, without credentials. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (unparsable)';
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/** How long PostgreSQL may take before a call counts as an outage rather than a slow answer. */
export const PG_TIMEOUTS = {
  /** to open a connection */
  connectMs: 5_000,
  /** for one statement, enforced by the server */
  statementMs: 15_000,
  /** for one query's answer, enforced here: a server that stops answering altogether */
  queryMs: 20_000,
  /** a transaction left open by a lost client is ended by the server */
  idleInTransactionMs: 30_000,
} as const;

/** Times a transaction or read is tried again after the connection under it was lost. */
export const PG_RETRIES = 3;

/** SQLSTATE classes of a lost or refused connection: 08 connection exception, 57P admin shutdown / crash / cannot connect now. */
const CONNECTION_LOST_STATE = /^(?:08|57P0)/;
const CONNECTION_LOST_MESSAGE = /Connection terminated|terminating connection|Client has encountered a connection error|Query read timeout|timeout exceeded when trying to connect|Connection ended|not queryable/i;

/** Did this error come from the connection going away (rather than from the statement)? */
export function isConnectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string };
  if (typeof e.code === 'string' && (CONNECTION_LOST_STATE.test(e.code) || /^E(?:CONNRESET|CONNREFUSED|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND)$/.test(e.code))) return true;
  return CONNECTION_LOST_MESSAGE.test(e.message);
}

/** A statement cancelled by statement_timeout: the server is too slow or stuck, not the input wrong. */
const isStatementTimeout = (err: unknown): boolean => (err as { code?: string } | null)?.code === '57014';

/** Lost connections and timeouts become one transient `unavailable` error; statement errors pass through. */
function asOutage(err: unknown, where: string): unknown {
  if (isConnectionLost(err)) return unavailableFrom(where, `connection lost: ${(err as Error).message.split('\n')[0]}`, err);
  if (isStatementTimeout(err)) return unavailableFrom(where, `no answer within ${PG_TIMEOUTS.statementMs / 1000} s`, err);
  return err;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run `attempt` again while the connection under it was lost (up to PG_RETRIES times).
 * Only for work that is safe to repeat: a transaction commits whole or not at all, and a read changes nothing.
 */
async function retryingLostConnections<T>(attempt: () => Promise<T>, where: string): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isConnectionLost(err) || tries >= PG_RETRIES) throw asOutage(err, where);
      await pause(100 * 2 ** tries);
    }
  }
}

const isRead = (sql: string): boolean => /^\s*select\b/i.test(sql);

function over(queryable: Queryable, description: string, where: string, transaction: SqlClient['transaction'], close: () => Promise<void>, retryReads: boolean): SqlClient {
  const run = async (sql: string, params?: unknown[]) => {
    try {
      return await queryable.query(sql, params);
    } catch (err) {
      throw asOutage(err, where);
    }
  };
  return {
    description,
    async query<T extends object>(sql: string, params: unknown[] = []) {
      if (retryReads && isRead(sql)) return (await retryingLostConnections(() => queryable.query(sql, params), where)).rows as T[];
      return (await run(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await run(sql);
    },
    transaction,
    close,
  };
}

/**
 * A node-postgres pool. Every connection starts with `search_path` set to `schema`,
 * so that tests (and several deployments on one server) each keep their own tables.
 */
export async function openPgSqlClient(databaseUrl: string, schema = 'public', poolSize = 10): Promise<SqlClient> {
  const where = describeDatabaseUrl(databaseUrl);
  const quoted = quoteSchema(schema);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    options: `-c search_path=${quoted}`,
    connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
    statement_timeout: PG_TIMEOUTS.statementMs,
    query_timeout: PG_TIMEOUTS.queryMs,
    idle_in_transaction_session_timeout: PG_TIMEOUTS.idleInTransactionMs,
    keepAlive: true,
  });
  // A connection that drops emits 'error' on its client, idle (the pool re-emits it) or checked
  // out (nobody would, and an unhandled 'error' event ends the process). The query running on it
  // rejects with the same error, so the listeners only have to keep the process alive.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message.split('\n')[0] || err.constructor.name : String(err);
    throw new DatabaseUnavailableError(where, reason);
  }
  const description = `PostgreSQL at ${where} (schema ${schema})`;

  const once = async <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Inside a transaction, a nested transaction() just joins it; its queries are not retried one by one.
      const tx: SqlClient = over(client, description, where, (inner) => inner(tx), async () => {}, false);
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      const cause = err instanceof DatabaseUnavailableError ? (err.cause ?? err) : err;
      if (isConnectionLost(cause) || err instanceof DatabaseUnavailableError) broken = err as Error;
      else await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
      throw cause;
    } finally {
      // a client whose connection broke is destroyed, never handed to the next caller
      client.release(broken);
    }
  };
  const transaction = <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => retryingLostConnections(() => once(fn), where);
  return over(pool, description, where, transaction, () => pool.end(), true);
}
