import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Model sessions and database servers are shared, real resources: a test file
    // at a time keeps a 2-core machine responsive and avoids port/queue contention.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
