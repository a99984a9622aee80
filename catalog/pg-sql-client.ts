import pg from 'pg';
import { HuntError } from '../common/errors.ts';
import { quoteSchema, type SqlClient } from './sql-client.ts';

/** PostgreSQL cannot be reached: transient, worth retrying. */
export class DatabaseUnavailableError extends HuntError {
  constructor(where: string, reason: string) {
    super('unavailable', `PostgreSQL at ${where} is unreachable (${reason})`, false);
  }
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

function over(queryable: Queryable, description: string, transaction: SqlClient['transaction'], close: () => Promise<void>): SqlClient {
  return {
    description,
    async query<T extends object>(sql: string, params: unknown[] = []) {
      return (await queryable.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await queryable.query(sql);
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
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: `-c search_path=${quoted}`, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {}); // an idle client's lost connection is reported by the next query
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message.split('\n')[0] || err.constructor.name : String(err);
    throw new DatabaseUnavailableError(where, reason);
  }
  const description = `PostgreSQL at ${where} (schema ${schema})`;

  const transaction = async <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Inside a transaction, a nested transaction() just joins it.
      const tx: SqlClient = over(client, description, (inner) => inner(tx), async () => {});
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  };
  return over(pool, description, transaction, () => pool.end());
}
