import { defineConfig } from 'vitest/config';

/** The held-out generator's suite alone (`npm test` runs it too): `npx vitest run -c bench/heldout/vitest.config.ts`. */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
