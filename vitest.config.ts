// Vitest configuration for dcs-local.
// Owns: which files are tests, timeouts, and worker parallelism (2 forked
// workers: the machine has 2 cores and every test file starts servers).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 15_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
