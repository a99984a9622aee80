import { describe, expect, test } from 'vitest';
import { resultWaitMs } from '../../../bot/run-job.ts';
import { JOB_POLICIES, LOCK_DURATION_MS, RETRY_BACKOFF_MS, STALLED_INTERVAL_MS, STALLED_RECOVERY_MS } from '../../../queue/job-policies.ts';
import { JOB_NAMES } from '../../../queue/job-schemas.ts';

describe('crash recovery against what the bot waits', () => {
  test.each(JOB_NAMES)('GIVEN a %s job whose worker dies as it starts THEN the job comes back and can use every attempt before the bot stops waiting', (name) => {
    const policy = JOB_POLICIES[name];
    const worstCase = STALLED_RECOVERY_MS + policy.attempts * policy.timeoutMs + RETRY_BACKOFF_MS * 2 ** policy.attempts;
    // before: a 16-minute lock against a 496 s wait for /complete
    expect(worstCase).toBeLessThan(resultWaitMs(name));
    // "well inside": recovery takes at most a fifth of the wait
    expect(STALLED_RECOVERY_MS * 5).toBeLessThanOrEqual(resultWaitMs(name));
  });

  test('GIVEN the lock settings THEN a renewal every third of the lock leaves room for two late renewals, and the stalled check runs inside the lock', () => {
    expect(LOCK_DURATION_MS).toBeLessThanOrEqual(2 * 60_000);
    expect(STALLED_INTERVAL_MS).toBeLessThanOrEqual(LOCK_DURATION_MS);
    expect(STALLED_RECOVERY_MS).toBe(LOCK_DURATION_MS + STALLED_INTERVAL_MS);
  });
});
