import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Integration tests spawn the built local room and web mode, so the build runs once first.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2 cores here: integration tests spawn servers and robots, so keep the parallelism modest.
    maxWorkers: 2,
    // electron-store imports `electron`: inlined, it sees the tests' mock of that module.
    server: { deps: { inline: ['electron-store'] } },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/renderer/**'] },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      {
        // Renderer hooks and components over the fake bridge, in a DOM without a browser.
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/unit/renderer/setup.ts'],
        },
      },
    ],
  },
})
