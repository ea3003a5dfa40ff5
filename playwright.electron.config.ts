import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'test/electron',
  outputDir: 'test-results/electron',
  globalSetup: './test/support/global-setup.ts',
  timeout: 90_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/electron.json' }]],
})
