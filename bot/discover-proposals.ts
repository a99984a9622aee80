import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { QueueConfig } from '../queue/queue-config.ts';

/**
 * The candidates a /discover result offers as tasks, kept in Redis until their buttons are
 * pressed: a button's custom id holds only the run's id and the candidate's number (100
 * characters), and a task file is up to 256 KiB. Kept PROPOSALS_TTL_S; a button pressed after
 * that says so. Redis rather than the job results: those go after an hour (KEEP_COMPLETED).
 */
export const PROPOSALS_TTL_S = 7 * 24 * 60 * 60;

const formSchema = z.strictObject({ name: z.string(), template: z.string(), expected: z.string(), distractor: z.string(), description: z.string() });

export const proposalSchema = z.strictObject({
  /** the candidate's id in its report, e.g. "induction-word-word" */
  candidate: z.string(),
  title: z.string(),
  /** the task file as discover/emit-task.ts wrote it (YAML) */
  file: z.string(),
  prompts: z.int().min(0),
  /** the /task submit form pre-filled, or why the form cannot hold the task */
  form: formSchema.nullable(),
  problem: z.string().optional(),
});
export type Proposal = z.output<typeof proposalSchema>;

/** A run's id in a custom id: 16 hex digits. */
export const RUN_ID = /^[0-9a-f]{16}$/;

export class DiscoverProposals {
  private readonly redis: Redis;

  constructor(
    private readonly config: Pick<QueueConfig, 'redisUrl' | 'prefix'>,
    private readonly ttlS = PROPOSALS_TTL_S,
  ) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => {}); // a failed command rejects; the event adds nothing
  }

  private key(runId: string): string {
    return `${this.config.prefix}:bot:proposals:${runId}`;
  }

  /** Keep a run's proposals, by the candidate's place in the report; returns the run's id for the buttons. */
  async save(proposals: ReadonlyMap<number, Proposal>): Promise<string> {
    const runId = randomBytes(8).toString('hex');
    const key = this.key(runId);
    const results = await this.redis
      .multi()
      .hset(key, Object.fromEntries([...proposals].map(([i, p]) => [String(i), JSON.stringify(p)])))
      .expire(key, this.ttlS)
      .exec();
    // a transaction answers each command's error in its results, not by rejecting
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('the proposals transaction was discarded');
    return runId;
  }

  /** One proposal, or undefined when the run is unknown or has expired. */
  async get(runId: string, index: number): Promise<Proposal | undefined> {
    if (!RUN_ID.test(runId)) return undefined;
    const raw = await this.redis.hget(this.key(runId), String(index));
    if (raw === null) return undefined;
    const parsed = proposalSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  close(): void {
    this.redis.disconnect();
  }
}
