import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCatalog, type Catalog } from '../../../catalog/open-catalog.ts';
import { openPgSqlClient } from '../../../catalog/pg-sql-client.ts';
import { TEST_DATABASE_URL } from '../../helpers/catalog-db.ts';

const ROUNDS = 10;
const VOTERS = 20;

describe('a catalog whose PostgreSQL connections are terminated mid-vote', () => {
  const app = `hunt-loss-${randomUUID().slice(0, 8)}`;
  const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  let catalog: Catalog;
  let admin: pg.Client;
  beforeAll(async () => {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('application_name', app);
    catalog = await openCatalog({ databaseUrl: url.toString(), schema, threshold: 3 }, {});
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await catalog.close();
    await admin.end();
    const dropper = await openPgSqlClient(TEST_DATABASE_URL, 'public', 1);
    await dropper.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dropper.close();
  });

  /** pg_terminate_backend on every connection of the catalog's pool, as an administrator (or a failover) would. */
  async function terminateAll(): Promise<number> {
    const { rows } = await admin.query<{ n: number }>(
      'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
      [app],
    );
    return rows[0].n;
  }

  test(`GIVEN ${ROUNDS} rounds of ${VOTERS} voters with every backend terminated mid-vote THEN no vote is lost, none counted twice, and the process lives`, async () => {
    const task = await catalog.repo.submitTask({ definition: { id: 'ioi', title: 'IOI' }, submitter: 'author' });
    let terminated = 0;
    let failedVotes = 0;
    let midVote = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let voting = true;
      const votes = Promise.allSettled(Array.from({ length: VOTERS }, (_, i) => catalog.repo.vote(task.id, `r${round}-u${i}`, 1))).finally(() => (voting = false));
      // Wait until a vote is inside its transaction, then terminate every backend of the pool at once.
      let killed = 0;
      while (voting && killed === 0) {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND state IN ('active', 'idle in transaction')",
          [app],
        );
        if (rows[0].n > 0) killed = await terminateAll();
      }
      terminated += killed;
      if (killed > 0) midVote++;
      failedVotes += (await votes).filter((v) => v.status === 'rejected').length;
    }
    const [counts] = await catalog.sql.query<{ votes: number; entries: number }>(
      'SELECT (SELECT count(*)::int FROM votes) AS votes, (SELECT count(*)::int FROM catalog_entries) AS entries',
    );
    console.log(`connection loss: ${midVote} of ${ROUNDS} rounds terminated mid-vote, ${terminated} backends terminated, ${failedVotes} votes failed, ${counts.votes} of ${ROUNDS * VOTERS} stored`);
    expect(midVote).toBe(ROUNDS);
    expect(failedVotes).toBe(0);
    expect(counts).toStrictEqual({ votes: ROUNDS * VOTERS, entries: 1 });
    expect((await catalog.repo.taskDetail(task.id))?.tally).toMatchObject({ net: ROUNDS * VOTERS, up: ROUNDS * VOTERS });
  });

  test('GIVEN idle pool connections terminated THEN the next read is answered, not an error', async () => {
    await catalog.repo.list();
    expect(await terminateAll()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(catalog.repo.list()).resolves.toBeInstanceOf(Array);
  });
});
