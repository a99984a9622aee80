import { homedir } from 'node:os';
import path from 'node:path';
import { InputError } from '../common/errors.ts';
import { CatalogRepository, DEFAULT_THRESHOLD } from './catalog-repository.ts';
import { migrate } from './migrate.ts';
import { openPgSqlClient } from './pg-sql-client.ts';
import { openPgliteSqlClient } from './pglite-sql-client.ts';
import type { SqlClient } from './sql-client.ts';

export interface CatalogOptions {
  /** postgres://… (env DATABASE_URL); unset → the embedded PGlite database */
  databaseUrl?: string;
  /** PGlite's folder (default $HUNT_DATA_DIR/pglite, else ~/.local/share/hunt/pglite); "memory://" keeps it in memory */
  pgliteDir?: string;
  /** PostgreSQL schema holding the tables (env HUNT_DB_SCHEMA; default public) */
  schema?: string;
  /** net upvotes that put a task into the catalog (env HUNT_CATALOG_THRESHOLD; default 3) */
  threshold?: number;
}

export interface Catalog {
  repo: CatalogRepository;
  sql: SqlClient;
  close(): Promise<void>;
}

export function defaultPgliteDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = env.HUNT_DATA_DIR || path.join(env.XDG_DATA_HOME || path.join(homedir(), '.local', 'share'), 'hunt');
  return path.join(dataDir, 'pglite');
}

function resolveThreshold(options: CatalogOptions, env: NodeJS.ProcessEnv): number {
  if (options.threshold !== undefined) return options.threshold;
  const raw = env.HUNT_CATALOG_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_THRESHOLD;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new InputError('bad_option', `HUNT_CATALOG_THRESHOLD must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

/** Connect (server or embedded), without migrating. Throws a one-line `unavailable` error when the server is down. */
export function openSqlClient(options: CatalogOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<SqlClient> {
  const schema = options.schema ?? env.HUNT_DB_SCHEMA ?? 'public';
  const databaseUrl = options.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl) return openPgSqlClient(databaseUrl, schema);
  return openPgliteSqlClient(options.pgliteDir ?? defaultPgliteDir(env), schema);
}

/**
 * Open the catalog and bring its schema up to date.
 *
 * @example const catalog = await openCatalog(); // PGlite in ~/.local/share/hunt/pglite when DATABASE_URL is unset
 * await catalog.repo.list(); // []
 */
export async function openCatalog(options: CatalogOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  const threshold = resolveThreshold(options, env);
  const sql = await openSqlClient(options, env);
  try {
    await migrate(sql);
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
  return { repo: new CatalogRepository(sql, { threshold }), sql, close: () => sql.close() };
}
