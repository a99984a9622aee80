import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_THRESHOLD, CatalogRepository } from '../../catalog/catalog-repository.ts';
import { migrate } from '../../catalog/migrate.ts';
import { openCatalog, type Catalog } from '../../catalog/open-catalog.ts';
import { openPgSqlClient } from '../../catalog/pg-sql-client.ts';
import { openPgliteSqlClient, pgliteSqlClient } from '../../catalog/pglite-sql-client.ts';

/** The machine's PostgreSQL (trust auth), database `test`; TEST_DATABASE_URL overrides. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type CatalogBackend = 'postgres' | 'pglite';
export const CATALOG_BACKENDS: CatalogBackend[] = ['postgres', 'pglite'];

export interface TestCatalog extends Catalog {
  schema: string;
  /** close and drop everything this test created */
  cleanup(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/**
 * An empty PGlite database with every migration applied, dumped once per test process. A
 * new PGlite database runs initdb, which takes seconds (tens under load); loading this dump
 * takes a fraction of that, so each test still gets a database of its own. The migrations
 * themselves run for real, here, and catalog-migrations.test.ts tests them on both backends.
 */
export function migratedPgliteDump(): Promise<Blob> {
  template ??= (async () => {
    const db = await PGlite.create('memory://');
    try {
      await migrate(pgliteSqlClient(db, 'PGlite template', async () => {}));
      return await db.dumpDataDir('none');
    } finally {
      await db.close();
    }
  })();
  return template;
}

/** Make `dataDir` a migrated, empty PGlite catalog folder (schema public), as `hunt` would on first use, in a fraction of the time. */
export async function seedPgliteFolder(dataDir: string): Promise<void> {
  const sql = await openPgliteSqlClient(dataDir, 'public', { loadDataDir: await migratedPgliteDump() });
  await sql.close();
}

/** A catalog in a schema of its own (PostgreSQL) or an in-memory database of its own (PGlite, from the migrated dump), migrated. */
export async function freshCatalog(backend: CatalogBackend, threshold?: number): Promise<TestCatalog> {
  if (backend === 'pglite') {
    const sql = await openPgliteSqlClient('memory://', 'public', { loadDataDir: await migratedPgliteDump() });
    // nothing to apply: this checks the dump's record of them against the migration files
    await migrate(sql);
    const catalog = { repo: new CatalogRepository(sql, { threshold: threshold ?? DEFAULT_THRESHOLD }), sql, close: () => sql.close() };
    return { ...catalog, schema: 'public', cleanup: () => catalog.close() };
  }
  const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const catalog = await openCatalog({ databaseUrl: TEST_DATABASE_URL, schema, threshold }, {});
  return {
    ...catalog,
    schema,
    async cleanup() {
      await catalog.close();
      const admin = await openPgSqlClient(TEST_DATABASE_URL, 'public', 1);
      await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    },
  };
}
