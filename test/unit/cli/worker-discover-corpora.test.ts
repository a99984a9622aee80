import { afterEach, describe, expect, test } from 'vitest';
import { workerCommand } from '../../../cli/subcommands/worker-command.ts';

// A malformed HUNT_DISCOVER_CORPORA must stop `hunt worker` at its start: read per job, it
// would fail every discover job as the user's bad option while the worker looks healthy.
const previous = process.env.HUNT_DISCOVER_CORPORA;
afterEach(() => {
  if (previous === undefined) delete process.env.HUNT_DISCOVER_CORPORA;
  else process.env.HUNT_DISCOVER_CORPORA = previous;
});

describe('hunt worker and the corpora it offers to discover jobs', () => {
  test('GIVEN a malformed HUNT_DISCOVER_CORPORA THEN the worker refuses to start, in one line, before it connects anywhere', async () => {
    process.env.HUNT_DISCOVER_CORPORA = 'owt=/data/owt;/data/wiki';
    // a Redis nobody listens on: a worker that got past the check would retry it for ever
    const start = workerCommand()
      .exitOverride()
      .configureOutput({ writeErr: () => {} })
      .parseAsync(['--redis-url', 'redis://127.0.0.1:1', '--log-level', 'error'], { from: 'user' });
    await expect(start).rejects.toThrow('HUNT_DISCOVER_CORPORA: "/data/wiki" is not name=path (a name of lower-case letters, digits and hyphens)');
  }, 5_000);
});
