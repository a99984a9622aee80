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
  createdAt: z.number(),
});
export type PendingEntry = z.output<typeof pendingEntrySchema>;

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

  /** Remember a wait; returns the function that forgets it once the user has been told. */
  async track(entry: Omit<PendingEntry, 'id' | 'createdAt'>): Promise<() => Promise<void>> {
    const full: PendingEntry = { ...entry, id: randomUUID(), createdAt: Date.now() };
    await this.redis.hset(this.key, full.id, JSON.stringify(full));
    return async () => {
      if (!this.stopping) await this.redis.hdel(this.key, full.id);
    };
  }

  /**
   * Take every entry left by an earlier bot. HDEL decides who owns an entry, so when two bots
   * start at once each result is still posted by one of them only.
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
