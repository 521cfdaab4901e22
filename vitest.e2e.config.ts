import { defineConfig } from 'vitest/config';

// Opt-in suite against real clusters; see README "Testing against real clusters".
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 15 * 60_000,
    fileParallelism: false,
  },
});
