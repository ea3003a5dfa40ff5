import { defineConfig } from 'vitest/config'

/** npm run bench: each benchmark prints its figures beside a baseline measured in the same run. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // One at a time: benchmarks must not compete with each other for the 2 cores.
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
