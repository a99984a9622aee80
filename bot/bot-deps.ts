import type { Logger } from 'pino';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { JobProducer } from '../queue/job-producer.ts';
import type { JobResults } from '../queue/job-results.ts';
import type { ResultLinks } from '../web/result-links.ts';
import type { Clock } from './clock.ts';
import type { DiscoverProposals } from './discover-proposals.ts';
import type { PendingJobs, PendingEntry } from './pending-jobs.ts';

/**
 * What the bot's handlers use, passed in (never global), so that a test can drive a
 * handler against a real queue and catalog with a simulated clock.
 */
export type PendingKind = PendingEntry['kind'];

export interface BotDeps {
  producer: Pick<JobProducer, 'enqueue' | 'takeQuota' | 'withdraw'>;
  /** the results of each served model's jobs (ResultsByModel) */
  results: { for(model: string): Pick<JobResults, 'wait' | 'watchProgress'> };
  catalog: CatalogRepository;
  clock: Clock;
  log: Logger;
  /** the waits the bot owes its users, kept where a restarted bot finds them (none: a restart loses them) */
  pending?: Pick<PendingJobs, 'track' | 'stopping'>;
  /** how long to wait for Redis to take a job before telling the user the queue is down; default 10 s */
  enqueueTimeoutMs?: number;
  /** stores results for their pages on `hunt serve` (/r/<id>); absent → replies carry no link */
  resultLinks?: Pick<ResultLinks, 'share'>;
  /** keeps /discover's candidates for their buttons; absent → results carry no buttons */
  proposals?: Pick<DiscoverProposals, 'save' | 'get'>;
}
