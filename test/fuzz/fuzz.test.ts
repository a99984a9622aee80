import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshCatalog, type TestCatalog } from '../helpers/catalog-db.ts';
import { catalogIds, fuzzSurface, PURE_SURFACES } from './fuzz-surfaces.ts';

/**
 * The small tier of the fuzz suite, inside `npm test`: a fixed seed and a few dozen inputs
 * per surface. `npm run fuzz` runs thousands per surface with any seed (test/fuzz/run-fuzz.ts).
 */
const SEED = 14;
const INPUTS = 60;

describe('fuzzed inputs keep the hardening properties (small tier)', () => {
  it.each(PURE_SURFACES.map((s) => [s.name, s] as const))('GIVEN %s THEN no escape, no hang, no outage message, short messages', async (_, surface) => {
    const tally = await fuzzSurface(surface, SEED, INPUTS);
    expect(tally.violations).toStrictEqual([]);
    // the inputs reach both sides: some are refused, and (except for job payloads, built mostly wrong) some accepted
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.accepted + tally.refused).toBe(INPUTS);
  });

  describe('against a real catalog', () => {
    let catalog: TestCatalog;
    beforeAll(async () => {
      catalog = await freshCatalog('postgres', 3);
      await catalog.repo.submitTask({ definition: { id: 'x', title: 'X' }, submitter: 'someone' });
    });
    afterAll(() => catalog.cleanup());

    it('GIVEN forged task ids (huge, negative, fractional, NaN) THEN each is "no such task", never an outage', async () => {
      const tally = await fuzzSurface(catalogIds(catalog.repo), SEED, INPUTS);
      expect(tally.violations).toStrictEqual([]);
    });
  });
});
