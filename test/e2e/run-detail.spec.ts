/**
 * The run detail in web mode (real core, real local room, real robots, Chromium): open a run from
 * the feed, read its console, preview and save its artifacts, and stop a running one with Control
 * Room's options. Screenshots in the light and the dark theme.
 */
import { readFile } from 'node:fs/promises'
import { expect, type Page, test } from '@playwright/test'
import { shootBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

async function launch(page: Page, process: string, payload?: string) {
  if (payload !== undefined) {
    const row = page.locator('.process-row', { hasText: process })
    await row.getByText('Payload').click()
    await row.getByRole('textbox', { name: `Payload for ${process}` }).fill(payload)
  }
  await page.getByRole('button', { name: `Launch ${process}`, exact: true }).click()
}

test('opens a finished run: steps, console, work items, CSV and image previews, Save as', async ({
  page,
}) => {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(web.url)
  await launch(page, 'Sales report')
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })
  await expect(runs.locator('[data-run-id] [data-started-by="api"]')).toHaveText('API')
  await expect(runs.locator('[data-sync-connection-id="local"]')).toContainText(/synced \d+ s ago/)

  // Keyboard: the row's name is a button; Enter opens the run and focus lands in the detail.
  await runs.getByRole('button', { name: /^Open run of Sales report/ }).focus()
  await page.keyboard.press('Enter')
  const detail = page.locator('[data-detail-run-id]')
  await expect(detail.getByRole('heading', { name: 'Sales report' })).toBeFocused()
  await expect(detail.getByRole('list', { name: 'State timeline' })).toContainText('completed')
  await shootBothThemes(page, 'run-detail-steps')

  await detail.getByRole('tab', { name: 'Console' }).click()
  await expect(detail.getByRole('log', { name: 'Console output' })).toContainText(
    'Wrote sales-report.csv and sales-chart.png',
  )
  await detail.getByRole('searchbox', { name: 'Search the console' }).fill('wrote')
  await expect(detail.locator('.run-console__line')).toHaveCount(1)
  await shootBothThemes(page, 'run-detail-console')

  await detail.getByRole('tab', { name: 'Work items' }).click()
  await expect(detail.locator('[data-work-item-id]')).toHaveCount(1)
  await expect(detail.locator('[data-output-id]').first()).toContainText('Example')

  await detail.getByRole('tab', { name: 'Artifacts' }).click()
  await detail.getByRole('button', { name: 'Preview sales-report.csv' }).click()
  const table = detail.getByRole('table', { name: 'sales-report.csv' })
  await expect(table.locator('th').first()).toHaveText('region')
  await expect(table.locator('tbody tr')).toHaveCount(13)
  await shootBothThemes(page, 'run-detail-csv')

  const download = page.waitForEvent('download')
  await detail.getByRole('button', { name: 'Save as… sales-report.csv' }).click()
  const saved = await download
  expect(saved.suggestedFilename()).toBe('sales-report.csv')
  expect((await readFile(await saved.path())).toString('utf8')).toMatch(
    /^region,month,amount,share_percent\r\n/,
  )

  await detail.getByRole('button', { name: 'Preview sales-chart.png' }).click()
  const image = detail.getByRole('img', { name: 'sales-chart.png' })
  await expect(image).toBeVisible()
  expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(640)
  await shootBothThemes(page, 'run-detail-image')

  await page.keyboard.press('Escape')
  await expect(detail).toHaveCount(0)
  expect(pageErrors).toEqual([])
})

test('tails a running run’s console and stops it with Control Room’s options', async ({ page }) => {
  await page.goto(web.url)
  await launch(page, 'Long job', '{"seconds": 120}')
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="in_progress"]')).toHaveCount(1, { timeout: 30_000 })
  await runs.locator('[data-run-id]').first().click()
  const detail = page.locator('[data-detail-run-id]')
  await detail.getByRole('tab', { name: 'Console' }).click()
  const log = detail.getByRole('log', { name: 'Console output' })
  await expect(log).toContainText('Progress 2/120')
  // Live: lines keep arriving while the tab is open.
  await expect(log).toContainText('Progress 4/120')
  await expect(detail.getByRole('status').filter({ hasText: /^Live:/ })).toBeVisible()
  await shootBothThemes(page, 'run-detail-live-console')

  await detail.getByRole('button', { name: 'Stop…' }).click()
  const form = detail.getByRole('form', { name: 'Stop the run' })
  await form.getByRole('checkbox', { name: /remaining work items as done/ }).check()
  await shootBothThemes(page, 'run-detail-stop')
  await form.getByRole('button', { name: 'Stop run' }).click()

  // The remaining item was marked done, so the run ends completed (without that option: unresolved).
  await expect(detail.locator('.run-detail__title-line [class*="state-badge--"]')).toHaveText('completed', {
    timeout: 30_000,
  })
  await expect(log).toContainText(/Stopping at \d+\/120/)
  await expect(detail.getByRole('button', { name: 'Stop…' })).toBeDisabled()
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1)
})
