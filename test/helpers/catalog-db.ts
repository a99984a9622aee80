import { randomUUID } from 'node:crypto';
import { openCatalog, type Catalog } from '../../catalog/open-catalog.ts';
import { openPgSqlClient } from '../../catalog/pg-sql-client.ts';

/** The machine's PostgreSQL (trust auth), database `test`; TEST_DATABASE_URL overrides. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type CatalogBackend = 'postgres' | 'pglite';
export const CATALOG_BACKENDS: CatalogBackend[] = ['postgres', 'pglite'];

export interface TestCatalog extends Catalog {
  schema: string;
  /** close and drop everything this test created */
  cleanup(): Promise<void>;
}

/** A catalog in a schema of its own (PostgreSQL) or an in-memory database (PGlite), migrated. */
export async function freshCatalog(backend: CatalogBackend, threshold?: number): Promise<TestCatalog> {
  const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const catalog =
    backend === 'postgres'
      ? await openCatalog({ databaseUrl: TEST_DATABASE_URL, schema, threshold }, {})
      : await openCatalog({ pgliteDir: 'memory://', schema, threshold }, {});
  return {
    ...catalog,
    schema,
    async cleanup() {
      await catalog.close();
      if (backend === 'postgres') {
        const admin = await openPgSqlClient(TEST_DATABASE_URL, 'public', 1);
        await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.close();
      }
    },
  };
}
