import type { Redis } from 'ioredis';
import { InputError } from '../common/errors.ts';

/** How many jobs one user may enqueue per window. BullMQ's free version has no per-group limiter, so this runs before `add`. */
export interface QuotaOptions {
  /** jobs per window; default 30 */
  limit?: number;
  /** window length in milliseconds; default 60,000 */
  windowMs?: number;
}

const DEFAULTS: Required<QuotaOptions> = { limit: 30, windowMs: 60_000 };

// One round trip, atomic: count the request, start the window on the first one, and give
// the slot back when over the limit so that refused requests do not lengthen the wait.
const TAKE_SLOT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return {0, ttl}
end
return {1, ttl}
`;

export interface QuotaDecision {
  allowed: boolean;
  /** milliseconds until the window resets */
  resetsInMs: number;
}

/** A fixed-window per-user counter in Redis, shared by every producer (bot, CLI) on the same Redis. */
export class UserQuota {
  private readonly options: Required<QuotaOptions>;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    options: QuotaOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.limit) || this.options.limit < 1) {
      throw new InputError('bad_option', `quota limit must be a whole number ≥ 1 (got ${this.options.limit})`);
    }
    if (!Number.isInteger(this.options.windowMs) || this.options.windowMs < 1) {
      throw new InputError('bad_option', `quota window must be a whole number of milliseconds ≥ 1 (got ${this.options.windowMs})`);
    }
  }

  key(userId: string): string {
    return `${this.keyPrefix}:quota:${userId}`;
  }

  async take(userId: string): Promise<QuotaDecision> {
    const [allowed, ttl] = (await this.redis.eval(TAKE_SLOT, 1, this.key(userId), this.options.limit, this.options.windowMs)) as [number, number];
    return { allowed: allowed === 1, resetsInMs: Math.max(0, ttl) };
  }

  /** Take a slot or throw the user-facing `quota_exceeded` error. */
  async takeOrThrow(userId: string): Promise<void> {
    const decision = await this.take(userId);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.resetsInMs / 1000));
      throw new InputError(
        'quota_exceeded',
        `quota reached: at most ${this.options.limit} jobs per ${Math.round(this.options.windowMs / 1000)} s per user; try again in ${seconds} s`,
      );
    }
  }
}
