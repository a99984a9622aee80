import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlClient } from './sql-client.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/**
 * `NNN_name.sql` files in version order; a repeated number is a mistake caught here. Gaps
 * are allowed: migrations written side by side (002 and 003 on two branches) each apply
 * once, whichever lands first, since every one is recorded by its own number.
 */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{3})_([\w-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file ${file} must be named NNN_name.sql`);
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) throw new Error(`two migrations are numbered ${String(m.version).padStart(3, '0')}: ${migrations[i - 1].name} and ${m.name}`);
  });
  return migrations;
}

/**
 * Apply the migrations not yet applied, in order, in one transaction, and record each
 * in schema_migrations. Idempotent (a second run applies nothing) and safe when several
 * processes start at once: an advisory lock makes them take turns. A migration edited
 * after it was applied is refused rather than silently skipped.
 *
 * @example await migrate(sql) // ['001_catalog'] the first time, [] after
 */
export async function migrate(sql: SqlClient, migrations = loadMigrations()): Promise<string[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':hunt-migrations'))`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version     integer     PRIMARY KEY,
      name        text        NOT NULL,
      checksum    text        NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Map(
      (await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations')).map((r) => [r.version, r.checksum]),
    );
    const done: string[] = [];
    for (const m of migrations) {
      const checksum = applied.get(m.version);
      const label = `${String(m.version).padStart(3, '0')}_${m.name}`;
      if (checksum !== undefined) {
        if (checksum !== m.checksum) throw new Error(`migration ${label} was changed after it was applied; add a new migration instead`);
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      done.push(label);
    }
    return done;
  });
}
