import type { Command } from 'commander';
import { openCatalog, type Catalog } from '../catalog/open-catalog.ts';
import { connectWithRetry } from '../common/connect-retry.ts';
import { checkDatabaseUrl } from './database-url.ts';

/** Where a command finds the catalog: `hunt catalog …` and `hunt submit`. */
export interface CatalogCliOptions {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
}

export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'PostgreSQL (env DATABASE_URL); unset → the embedded database')
    .option('--data-dir <folder>', 'embedded (PGlite) database folder (default $HUNT_DATA_DIR/pglite or ~/.local/share/hunt/pglite)')
    .option('--schema <name>', 'PostgreSQL schema (env HUNT_DB_SCHEMA; default public)');
}

/** Open the catalog (a bad URL fails at once, an unreachable database is retried), run `fn`, close it. */
export async function withCatalog<T>(options: CatalogCliOptions, fn: (catalog: Catalog) => Promise<T>): Promise<T> {
  checkDatabaseUrl(options.databaseUrl ?? (process.env.DATABASE_URL || undefined), options.databaseUrl ? '--database-url' : 'DATABASE_URL');
  const catalog = await connectWithRetry(() => openCatalog({ databaseUrl: options.databaseUrl, pgliteDir: options.dataDir, schema: options.schema }));
  try {
    return await fn(catalog);
  } finally {
    await catalog.close();
  }
}
