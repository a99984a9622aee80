import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { isJobName, type JobName } from '../queue/job-schemas.ts';
import type { QueueConfig } from '../queue/queue-config.ts';

/**
 * The jobs the bot is waiting on for its users, kept in Redis so that a restarted bot picks
 * them up again and posts each result (a bot restart used to lose every result it waited for).
 * One entry per interaction: what to render, whom to tell, and where.
 */
export const pendingEntrySchema = z.object({
  id: z.string(),
  /** how the result is rendered: the command that asked */
  kind: z.enum(['complete', 'score', 'evaluate', 'discover']),
  jobs: z.array(z.object({ id: z.string(), name: z.custom<JobName>((v) => typeof v === 'string' && isJobName(v)), model: z.string() })).min(1),
  userId: z.string(),
  channelId: z.string(),
  /** the submitted task, for evaluate */
  taskId: z.number().int().optional(),
  /**
   * The interaction, so that a restarted bot can still edit its reply while the token lives
   * (15 minutes): the token is a short-lived credential and is never logged.
   */
  interaction: z.object({ applicationId: z.string(), token: z.string(), createdAt: z.number() }).optional(),
  createdAt: z.number(),
});
export type PendingEntry = z.output<typeof pendingEntrySchema>;

/** One tracked wait, seen from the bot that waits. */
export interface PendingHandle {
  /**
   * Take the right to post the result: true for exactly one bot (this one, or a restarted one
   * that resumed the wait); call it right before posting, and post only on true.
   */
  claim(): Promise<boolean>;
  /** the wait ended without a post (it failed early): drop the entry, unless the bot is stopping */
  forget(): Promise<void>;
}

export class PendingJobs {
  private readonly redis: Redis;
  private readonly key: string;
  /** set while the bot shuts down: waits that end now were cut short, not finished, so entries stay for the next bot */
  stopping = false;

  constructor(config: Pick<QueueConfig, 'redisUrl' | 'prefix'>) {
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => {}); // a failed command rejects; the event adds nothing
    this.key = `${config.prefix}:bot:pending`;
  }

  /**
   * Remember a wait. Posting is made idempotent by the entry itself: whoever removes it from
   * Redis (HDEL answers 1 to one caller only) posts, and removes it *before* posting — the
   * waiting bot in `claim()`, a restarted bot in `claimAll()`. So a crash between posting and
   * clearing cannot make a later bot post again, and in a rolling restart the old and the new
   * bot never both post. The failure accepted instead: a bot that dies after claiming and
   * before Discord took the post loses that one message (at most once, never twice); the
   * result itself stays in the queue (`hunt result <job id>`).
   */
  async track(entry: Omit<PendingEntry, 'id' | 'createdAt'>): Promise<PendingHandle> {
    const full: PendingEntry = { ...entry, id: randomUUID(), createdAt: Date.now() };
    await this.redis.hset(this.key, full.id, JSON.stringify(full));
    return {
      claim: async () => (await this.redis.hdel(this.key, full.id)) === 1,
      forget: async () => {
        if (!this.stopping) await this.redis.hdel(this.key, full.id);
      },
    };
  }

  /**
   * Take every entry left by an earlier bot. HDEL decides who owns an entry, so when two bots
   * start at once (or the old one is still waiting) each result is still posted by one of them only.
   */
  async claimAll(): Promise<PendingEntry[]> {
    const all = await this.redis.hgetall(this.key);
    const claimed: PendingEntry[] = [];
    for (const [id, raw] of Object.entries(all)) {
      if ((await this.redis.hdel(this.key, id)) !== 1) continue;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        continue; // unreadable: nothing to resume
      }
      const parsed = pendingEntrySchema.safeParse(json);
      if (parsed.success) claimed.push(parsed.data);
    }
    return claimed;
  }

  async count(): Promise<number> {
    return this.redis.hlen(this.key);
  }

  close(): void {
    this.redis.disconnect();
  }
}
