import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // bench/: the benchmarks' own generators (the held-out pipeline world) are checked with everything else.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
