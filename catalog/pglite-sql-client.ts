import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { InputError, OutageError } from '../common/errors.ts';
import { lockPgliteFolder } from './pglite-folder-lock.ts';
import { quoteSchema, type SqlClient } from './sql-client.ts';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

function over(queryable: Queryable, description: string, transaction: SqlClient['transaction'], close: () => Promise<void>): SqlClient {
  return {
    description,
    async query<T extends object>(sql: string, params: unknown[] = []) {
      return (await queryable.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await queryable.exec(sql);
    },
    transaction,
    close,
  };
}

/** A SqlClient over an open PGlite database, its transactions one after another on its one connection. */
export function pgliteSqlClient(db: PGlite, description: string, close: () => Promise<void>): SqlClient {
  const transaction = <T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> =>
    db.transaction(async (raw) => {
      const tx: SqlClient = over(raw, description, (inner) => inner(tx), async () => {});
      return fn(tx);
    });
  return over(db, description, transaction, close);
}

export interface PgliteOpenOptions {
  /**
   * A new database's contents: a dump of another (PGlite's dumpDataDir), loaded instead of
   * initialising an empty one, which takes seconds (the tests start each of their in-memory
   * catalogs from one migrated dump).
   */
  loadDataDir?: Blob;
}

/**
 * PGlite: PostgreSQL compiled to WASM, in this process, data in `dataDir` (or in memory
 * for "memory://"). One connection, so transactions run one after another — which is
 * also what makes concurrent votes safe here. Only one process may open a folder.
 */
export async function openPgliteSqlClient(dataDir: string, schema = 'public', options: PgliteOpenOptions = {}): Promise<SqlClient> {
  const quoted = quoteSchema(schema);
  if (!dataDir.startsWith('memory://')) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      // A path that is a file, or a folder that may not be written, will not fix itself: no retry.
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it is a file; name a folder' : (code ?? (err as Error).message);
      throw new InputError('bad_option', `cannot use ${dataDir} as the embedded database folder (${why})`);
    }
  }
  const lock = dataDir.startsWith('memory://') ? undefined : lockPgliteFolder(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoted}; SET search_path TO ${quoted};`);
  } catch (err) {
    lock?.release();
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new OutageError(`cannot open the embedded database in ${dataDir} (${reason})`);
  }
  return pgliteSqlClient(db, `PGlite in ${dataDir} (schema ${schema})`, async () => {
    try {
      await db.close();
    } finally {
      lock?.release();
    }
  });
}
