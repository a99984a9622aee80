/**
 * `npm run fuzz [-- --inputs 2000 --seed 7]`: the long fuzz run. Every surface gets `inputs`
 * seeded inputs; the table shows how many were accepted and refused, the slowest one, and
 * every property violation with the seed and index that reproduce it. Exits 1 on any violation.
 */
import { parseArgs } from 'node:util';
import { openCatalog } from '../../catalog/open-catalog.ts';
import { openPgSqlClient } from '../../catalog/pg-sql-client.ts';
import { TEST_DATABASE_URL } from '../helpers/catalog-db.ts';
import { catalogIds, fuzzSurface, PURE_SURFACES, type Surface, type SurfaceTally } from './fuzz-surfaces.ts';

const { values } = parseArgs({ options: { inputs: { type: 'string', default: '1000' }, seed: { type: 'string', default: String(Date.now() % 100_000) }, 'no-db': { type: 'boolean', default: false } } });
const inputs = Number(values.inputs);
const seed = Number(values.seed);
if (!Number.isInteger(inputs) || inputs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('fuzz: --inputs and --seed must be whole numbers\n');
  process.exit(2);
}

const schema = `fuzz_${seed}_${process.pid}`;
const surfaces: Surface[] = [...PURE_SURFACES];
const catalog = values['no-db'] ? undefined : await openCatalog({ databaseUrl: TEST_DATABASE_URL, schema }, {}).catch(() => undefined);
if (catalog) {
  await catalog.repo.submitTask({ definition: { id: 'x', title: 'X' }, submitter: 'someone' });
  surfaces.push(catalogIds(catalog.repo));
} else if (!values['no-db']) process.stderr.write(`fuzz: no PostgreSQL at ${TEST_DATABASE_URL}; the catalog surface is skipped\n`);

const tallies: SurfaceTally[] = [];
process.stdout.write(`seed ${seed}, ${inputs} inputs per surface\n`);
for (const surface of surfaces) {
  const started = performance.now();
  const tally = await fuzzSurface(surface, seed, inputs);
  tallies.push(tally);
  process.stdout.write(
    `${surface.name.padEnd(28)} ${String(tally.inputs).padStart(6)} inputs  ${String(tally.accepted).padStart(6)} accepted  ${String(tally.refused).padStart(6)} refused  ` +
      `${String(tally.violations.length).padStart(3)} violations  slowest ${Math.round(tally.slowestMs)} ms  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  for (const v of tally.violations.slice(0, 10)) process.stdout.write(`    ${v}\n`);
}
if (catalog) {
  await catalog.close();
  const admin = await openPgSqlClient(TEST_DATABASE_URL, 'public', 1);
  await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.close();
}
const violations = tallies.reduce((sum, t) => sum + t.violations.length, 0);
process.stdout.write(`${tallies.reduce((sum, t) => sum + t.inputs, 0)} inputs, ${violations} violations\n`);
process.exitCode = violations > 0 ? 1 : 0;
