/**
 * The feed with 10,000 runs: a real local room seeded with 10,000 finished runs, web mode's core
 * paging them into the window, then scrolling to the oldest and filtering, in Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { seedRuns } from '../support/seed-runs'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode | undefined
let dataDir: string

test.beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-web-10k-'))
  // The first start creates the room's database and samples; the runs go in while it is stopped.
  await (await startWebMode({ dataDir })).stop()
  seedRuns(join(dataDir, 'localroom'), 10_000)
  web = await startWebMode({ dataDir })
})

test.afterEach(async () => {
  await web?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

test('loads 10,000 runs, scrolls to the oldest and filters them', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto((web as RunningWebMode).url)
  const runs = page.getByRole('region', { name: 'Runs' })
  const list = runs.locator('[data-run-count]')
  await expect(list).toHaveAttribute('data-run-count', '10000', { timeout: 60_000 })
  const rows = runs.locator('tr[data-run-id]')
  // Virtualized: a window's worth of rows in the page, not 10,000.
  expect(await rows.count()).toBeLessThan(80)

  await list.evaluate((box) => {
    box.scrollTop = box.scrollHeight
  })
  // The oldest seeded run is 10,000 minutes (about a week) before the newest.
  await expect(rows.last()).toBeVisible()
  const oldest = await rows.last().locator('time').getAttribute('datetime')
  const newest = await page.evaluate(() => Date.now())
  expect(newest - Date.parse(oldest as string)).toBeGreaterThan(9_999 * 60_000)
  await screenshotBothThemes(page, 'runs-feed-10k-scrolled', { fullPage: false })

  await runs.getByRole('combobox', { name: 'State' }).selectOption('unresolved')
  await expect(list).toHaveAttribute('data-run-count', '2000')
  await runs.getByRole('combobox', { name: 'Process' }).selectOption({ label: 'Sales report' })
  // Unresolved is every 5th run, Sales report every 4th from the second: 500 runs.
  await expect(list).toHaveAttribute('data-run-count', '500')
  await expect(rows.first().locator('[data-state]')).toHaveText('unresolved')
  await expect(rows.first()).toContainText('Sales report')
  await screenshotBothThemes(page, 'runs-feed-10k-filtered', { fullPage: false })
})
