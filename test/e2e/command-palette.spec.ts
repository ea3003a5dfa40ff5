/**
 * The command palette in Chromium over web mode and a real local room: the keyboard alone goes from
 * Ctrl+K to a launched run (the palette focuses the process's Launch button, Enter launches it
 * through the row's own path) and from Ctrl+K to that run's detail.
 */
import { expect, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

test('launches a process and opens its run with the keyboard alone', async ({ page }) => {
  await page.goto(web.url)
  await expect(page.getByRole('button', { name: 'Launch Sales report', exact: true })).toBeEnabled()

  await page.keyboard.press('Control+K')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await expect(palette.getByRole('combobox')).toBeFocused()
  await page.keyboard.type('launch sales')
  await expect(palette.getByRole('option', { name: 'Launch Sales report' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await page.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  await expect(page.getByRole('button', { name: 'Launch Sales report', exact: true })).toBeFocused()
  await page.keyboard.press('Enter')
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })

  await page.keyboard.press('Control+K')
  await page.keyboard.type('sales report: completed')
  await screenshotBothThemes(page, 'command-palette', { fullPage: false })
  await page.keyboard.press('Enter')
  const detail = page.locator('[data-detail-run-id]')
  await expect(detail.getByRole('heading', { name: 'Sales report' })).toBeVisible()

  await page.keyboard.press('Control+K')
  await page.keyboard.type('local control room')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: 'Local Control Room' })).toBeVisible()
})

test('goes to each view by its number and to the runs search with "/", as the top bar says', async ({
  page,
}) => {
  await page.goto(web.url)
  // The feed's filter bar (and its search) shows once there is a run to filter.
  await page.getByRole('button', { name: 'Launch Sales report', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Runs' }).locator('[data-run-id]')).toHaveCount(1)
  const workspacesButton = page.getByRole('button', { name: 'Workspaces', exact: true })
  await expect(workspacesButton).toHaveAttribute('aria-keyshortcuts', 'Control+2 Meta+2')
  await page.keyboard.press('Control+2')
  await expect(page.getByRole('heading', { name: 'Workspaces' }).first()).toBeVisible()
  await expect(workspacesButton).toHaveAttribute('aria-pressed', 'true')
  await page.keyboard.press('Control+4')
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  )

  // "/" from another view: back to the runs, in their search field; typed there, it is a character.
  await page.keyboard.press('/')
  const search = page.getByRole('searchbox', { name: 'Search runs' })
  await expect(search).toBeFocused()
  await page.keyboard.type('sales/')
  await expect(search).toHaveValue('sales/')

  // The palette shows each view's keys beside it.
  await page.keyboard.press('Control+K')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await expect(palette.getByRole('option', { name: /^Settings/ })).toContainText('Ctrl+4')
})
