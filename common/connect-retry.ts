import { describeError, HuntError } from './errors.ts';

export interface RetryOptions {
  /** tries in all; Infinity for a service that waits for its dependencies. Default: HUNT_CONNECT_ATTEMPTS, else 6 */
  attempts?: number;
  /** first wait, doubled after each failure up to maxDelayMs. Default 500 ms */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** where the one-line notices go; default stderr */
  notify?: (line: string) => void;
}

/** Only outages are retried: a wrong URL or a bad option will not fix itself. */
function isTransient(err: unknown): boolean {
  return !(err instanceof HuntError && err.permanent);
}

/**
 * Run `connect` until it succeeds, saying in one line per try what is down (the error's
 * own message names it) and when the next try comes: no stack traces, no crash loop.
 * Permanent errors and the last failure are thrown for the caller's one-line report.
 *
 * @example await connectWithRetry(() => probeRedis(url), { attempts: Infinity })
 * // hunt: Redis at redis://127.0.0.1:6390 is unreachable (connect ECONNREFUSED 127.0.0.1:6390); retrying in 1 s (try 2)
 */
export async function connectWithRetry<T>(connect: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? (Number(process.env.HUNT_CONNECT_ATTEMPTS) || 6);
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const notify = options.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
  let delay = options.initialDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (err) {
      if (!isTransient(err) || attempt >= attempts) throw err;
      const seconds = delay >= 1000 ? `${Math.round(delay / 1000)} s` : `${delay} ms`;
      const of = Number.isFinite(attempts) ? ` of ${attempts}` : '';
      notify(`hunt: ${describeError(err)}; retrying in ${seconds} (try ${attempt + 1}${of})`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(maxDelayMs, delay * 2);
    }
  }
}
