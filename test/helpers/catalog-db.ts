import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DEFAULT_THRESHOLD, CatalogRepository } from '../../catalog/catalog-repository.ts';
import { loadMigrations, migrate } from '../../catalog/migrate.ts';
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

/** Where the dump is kept between test files: named by PGlite's version and the migrations' checksums, so a change to either makes a new one. */
function dumpFile(): string {
  // the package exports no package.json: find it beside the entry point it does export
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  const key = createHash('sha256')
    .update(`${version}\n${loadMigrations().map((m) => `${m.version}:${m.checksum}`).join('\n')}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(tmpdir(), `hunt-test-pglite-${key}.tar`);
}

/**
 * An empty PGlite database with every migration applied, dumped once and kept in the temp
 * folder for the test files after. A new PGlite database runs initdb, which takes seconds
 * (tens under load); loading this dump takes a fraction of that, so each test still gets a
 * database of its own. The migrations run for real when the dump is made, and
 * catalog-migrations.test.ts tests them on both backends.
 */
export function migratedPgliteDump(): Promise<Blob> {
  template ??= (async () => {
    const file = dumpFile();
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await PGlite.create('memory://');
    try {
      await migrate(pgliteSqlClient(db, 'PGlite template', async () => {}));
      const dump = await db.dumpDataDir('none');
      // written whole under another name, then renamed: a file running beside this one never reads half of it
      const building = `${file}.${process.pid}.tmp`;
      writeFileSync(building, new Uint8Array(await dump.arrayBuffer()));
      renameSync(building, file);
      return dump;
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
