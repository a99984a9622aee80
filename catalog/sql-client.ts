/**
 * The little the catalog needs from a PostgreSQL connection, so the same repository
 * and migrations run on a server (node-postgres) and embedded (PGlite).
 */
export interface SqlClient {
  /** one statement with $1… parameters; rows as plain objects */
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** several statements without parameters (a migration file) */
  exec(sql: string): Promise<void>;
  /** run `fn` in one transaction: committed when it resolves, rolled back when it throws */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** where the data lives, for messages: "PostgreSQL at db:5432/hunt (schema public)" */
  readonly description: string;
}

/** A schema name safe to splice into SQL (it cannot be a bind parameter). */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`schema name must be lower-case letters, digits and "_" (got "${schema}")`);
  }
  return `"${schema}"`;
}
