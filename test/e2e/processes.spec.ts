/**
 * The Processes panel in web mode (real core, real local room, real robots, Chromium): a launch in
 * a workspace marked production asks first (Cancel sends nothing), Run again repeats a finished
 * run's input payload, a row shows its last runs, a favourite stays first after a reload, and a
 * preset fills the editor again. Screenshots in both themes.
 */
import { expect, type Page, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

async function showView(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click()
}

/** Marks the local room's workspace production on the Workspaces page; answers its name. */
async function markLocalProduction(page: Page): Promise<string> {
  await showView(page, 'Workspaces')
  const card = page.getByRole('region', { name: 'Workspaces' }).getByRole('article').first()
  await card.getByRole('checkbox', { name: 'Production workspace' }).check()
  await expect(card.getByText('Production', { exact: true })).toBeVisible()
  const name = (await card.getByRole('heading').first().textContent()) ?? ''
  await showView(page, 'Runs')
  return name.replace(/Production$/, '').trim()
}

/** The id of the run the panel last said it launched. */
const launchedRunId = async (page: Page) =>
  (await page.locator('[data-launched-run-id]').getAttribute('data-launched-run-id')) as string

test('a production launch asks first; Cancel sends nothing; Run again repeats the input', async ({
  page,
}) => {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(web.url)
  const workspace = await markLocalProduction(page)
  const runs = page.getByRole('region', { name: 'Runs' })
  const row = page.locator('.process-row', { hasText: 'Echo payload' })
  await row.getByText('Payload', { exact: true }).click()
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('{"order": 7}')
  const launch = page.getByRole('button', { name: 'Launch Echo payload', exact: true })

  // Cancel: nothing is sent, focus is back on Launch.
  await launch.click()
  const question = row.getByRole('group', {
    name: `Launch Echo payload in Production workspace ${workspace}?`,
  })
  await expect(question).toBeVisible()
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await screenshotBothThemes(page, 'processes-production-confirm')
  await question.getByRole('button', { name: 'Cancel' }).click()
  await expect(question).toBeHidden()
  await expect(launch).toBeFocused()
  // Escape cancels too.
  await launch.press('Enter')
  await expect(question).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(question).toBeHidden()
  await page.waitForTimeout(1500)
  await expect(runs.locator('[data-run-id]')).toHaveCount(0)

  // Launch: the run appears and finishes.
  await launch.click()
  await question.getByRole('button', { name: 'Launch' }).click()
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })
  const first = await launchedRunId(page)

  // Run again from its detail: the same question, then a second run with the same input.
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('')
  await runs
    .locator(`[data-run-id="${first}"]`)
    .getByRole('button', { name: /^Open run of/ })
    .click()
  const detail = page.locator(`[data-detail-run-id="${first}"]`)
  await detail.getByRole('button', { name: 'Run again' }).click()
  // The detail closes so the process's row, where the launch happens, is in view.
  await expect(detail).toBeHidden()
  await expect(question).toBeVisible()
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await expect(row.getByRole('textbox', { name: 'Payload for Echo payload' })).toHaveText(
    '{\n  "order": 7\n}',
    { useInnerText: true },
  )
  await question.getByRole('button', { name: 'Launch' }).click()
  await expect(page.locator('[data-launched-run-id]')).not.toHaveAttribute('data-launched-run-id', first)
  const second = await launchedRunId(page)
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(2, { timeout: 30_000 })
  // The row's last run and its strip, from the feed's runs.
  const strip = row.getByRole('list', { name: 'Last 2 runs of Echo payload' })
  await expect(strip.getByRole('listitem')).toHaveCount(2)
  await expect(strip.getByRole('listitem').first()).toHaveText(/^completed, \d/)
  await expect(row.locator('.process-history .state-badge')).toHaveText('completed')
  await runs
    .locator(`[data-run-id="${second}"]`)
    .getByRole('button', { name: /^Open run of/ })
    .click()
  const again = page.locator(`[data-detail-run-id="${second}"]`)
  await again.getByRole('tab', { name: 'Work items' }).click()
  await expect(again.locator('[data-work-item-id]')).toHaveCount(1)
  await expect(again.locator('[data-work-item-id] .json-block')).toHaveText('{\n  "order": 7\n}')
  await screenshotBothThemes(page, 'processes-run-again')
  expect(pageErrors).toEqual([])
})

test('a favourite is listed first, and still after a reload', async ({ page }) => {
  await page.goto(web.url)
  const names = page.locator('.process-row__name')
  await expect(names.first()).toHaveText('Echo payload')
  const star = page.getByRole('button', { name: 'Favourite Long job' })
  await expect(star).toBeEnabled()
  await star.click()
  await expect(star).toHaveAttribute('aria-pressed', 'true')
  await expect(names.first()).toHaveText('Long job')
  // The row moved to the top; its star keeps focus, so the keyboard is not sent back to the page.
  await expect(star).toBeFocused()
  await screenshotBothThemes(page, 'processes-favourite')
  await page.reload()
  await expect(names.first()).toHaveText('Long job')
  await expect(page.getByRole('button', { name: 'Favourite Long job' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
})

test('a payload saved as a preset fills the editor again, after a reload too', async ({ page }) => {
  await page.goto(web.url)
  const row = page.locator('.process-row', { hasText: 'Echo payload' })
  await row.getByText('Payload', { exact: true }).click()
  const editor = row.getByRole('textbox', { name: 'Payload for Echo payload' })
  await editor.fill('{"customer": "ACME", "items": 3}')
  await row.getByRole('textbox', { name: 'New preset name for Echo payload' }).fill('ACME order')
  await row.getByRole('button', { name: 'Save preset' }).click()
  const picker = row.getByRole('combobox', { name: 'Preset for Echo payload' })
  await expect(picker).toHaveValue('ACME order')
  await screenshotBothThemes(page, 'processes-preset')

  await page.reload()
  await row.getByText('Payload', { exact: true }).click()
  // Empty after the reload: the editor shows its placeholder.
  await expect(row.locator('.cm-placeholder')).toBeVisible()
  await picker.selectOption('ACME order')
  await expect(editor).toHaveText('{\n  "customer": "ACME",\n  "items": 3\n}', { useInnerText: true })
  await row.getByRole('button', { name: 'Delete “ACME order”' }).click()
  await expect(picker).toBeDisabled()
})
