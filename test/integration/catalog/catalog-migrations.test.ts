import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../../catalog/migrate.ts';
import { openPgSqlClient } from '../../../catalog/pg-sql-client.ts';
import { CATALOG_BACKENDS, freshCatalog, TEST_DATABASE_URL, type TestCatalog } from '../../helpers/catalog-db.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function open(backend: 'postgres' | 'pglite'): Promise<TestCatalog> {
  const catalog = await freshCatalog(backend);
  cleanups.push(() => catalog.cleanup());
  return catalog;
}

describe.each(CATALOG_BACKENDS)('catalog migrations on %s', (backend) => {
  test('GIVEN a migrated database THEN migrating again applies nothing and the tables exist once', async () => {
    const catalog = await open(backend);
    expect(await migrate(catalog.sql)).toStrictEqual([]);
    const rows = await catalog.sql.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toStrictEqual([{ version: 1, name: 'catalog' }, { version: 2, name: 'provenance' }]);
    const tables = await catalog.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [catalog.schema],
    );
    expect(tables.map((t) => t.table_name)).toStrictEqual(['catalog_entries', 'evaluations', 'schema_migrations', 'tasks', 'votes']);
  });

  test('GIVEN a migration edited after it was applied THEN migrating refuses with a clear message', async () => {
    const catalog = await open(backend);
    const dir = mkdtempSync(path.join(tmpdir(), 'hunt-migrations-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, '001_catalog.sql'), '-- edited\nSELECT 1;');
    await expect(migrate(catalog.sql, loadMigrations(dir))).rejects.toThrow('migration 001_catalog was changed after it was applied; add a new migration instead');
  });
});

test('GIVEN five processes migrating one empty PostgreSQL schema at once THEN each migration is applied exactly once', async () => {
  const catalog = await open('postgres');
  await catalog.sql.exec('DROP TABLE catalog_entries, votes, evaluations, tasks, schema_migrations');
  const clients = await Promise.all(Array.from({ length: 5 }, () => openPgSqlClient(TEST_DATABASE_URL, catalog.schema, 1)));
  cleanups.push(() => Promise.all(clients.map((c) => c.close())).then(() => undefined));
  const applied = await Promise.all(clients.map((c) => migrate(c)));
  expect(applied.flat()).toStrictEqual(['001_catalog', '002_provenance']);
});

test('GIVEN migration files numbered with a gap THEN loading them fails with a clear message', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hunt-migrations-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, '001_a.sql'), 'SELECT 1;');
  writeFileSync(path.join(dir, '003_c.sql'), 'SELECT 1;');
  expect(() => loadMigrations(dir)).toThrow('migrations must be numbered 001, 002, … without gaps (found 003 at place 2)');
});
