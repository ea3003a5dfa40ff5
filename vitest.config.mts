import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // Integration tests spawn the built local room and web mode, so the build runs once first.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2 cores here: integration tests spawn servers and robots, so keep the parallelism modest.
    maxWorkers: 2,
    // electron-store imports `electron`: inlined, it sees the tests' mock of that module.
    server: { deps: { inline: ['electron-store'] } },
  },
})
