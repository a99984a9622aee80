import { HuntError } from '../common/errors.ts';
import { corpusSpec, parseCorporaSetting } from '../discover/configured-corpora.ts';
import type { DiscoverPartial } from '../discover/discover-partial.ts';
import { scanCorpus } from '../discover/discover-corpus.ts';
import type { ScoringEngine } from '../models/scoring-engine.ts';
import type { DiscoverJobData } from '../queue/job-schemas.ts';
import type { ItemOutcome } from '../common/item-batches.ts';

/** wins kept per (features, shape) cell of one shard: bounds the result a job stores in Redis */
const KEPT_PER_CELL = 20;

/**
 * One shard of a `hunt discover` scan per job, over a corpus this worker offers by name
 * (HUNT_DISCOVER_CORPORA): the partial result `mergePartials` combines. A corpus the worker
 * does not offer, or one that cannot be read, fails that job only.
 */
export async function discoverReports(engine: ScoringEngine, items: DiscoverJobData[]): Promise<ItemOutcome<DiscoverPartial>[]> {
  const outcomes: ItemOutcome<DiscoverPartial>[] = [];
  for (const data of items) {
    try {
      const corpus = corpusSpec(parseCorporaSetting(process.env.HUNT_DISCOVER_CORPORA), data.corpus);
      const partial = await scanCorpus(engine, {
        corpus,
        shard: data.shard,
        nDocs: data.n_docs,
        minProb: data.min_prob,
        margin: data.margin,
        shortContext: data.short_context,
        seed: data.seed,
        instances: KEPT_PER_CELL,
      });
      // the worker's paths stay on the worker: the report names the corpus as the job did
      outcomes.push({ ok: true, value: { ...partial, corpus: `corpus "${data.corpus}"` } });
    } catch (err) {
      if (!(err instanceof HuntError && err.permanent)) throw err;
      outcomes.push({ ok: false, error: err });
    }
  }
  return outcomes;
}
