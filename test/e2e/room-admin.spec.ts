/**
 * The local Control Room's process editor in a real browser over web mode and its real room: a
 * step's settings edited, saved, and found again after a reload; bad input named beside its field
 * with nothing sent; the room's own refusal (a process with a run in progress) shown in its words.
 * No bridge answer the page receives carries the owner credential's secret (96 hex characters).
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

async function openEditor(page: Page, processName: string) {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Local Control Room' })
    .click()
  const room = page.getByRole('region', { name: 'Local Control Room' })
  await room
    .getByRole('navigation', { name: 'Room processes' })
    .getByRole('button', { name: processName })
    .click()
  return room.getByRole('form', { name: `Step 1: ${processName}` })
}

test('a step’s settings are edited, saved and kept; bad input and the room’s refusal are shown', async ({
  page,
}) => {
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/bridge/commands/room.')) answers.push(await response.text().catch(() => ''))
  })
  await page.goto(web.url)
  let step = await openEditor(page, 'Sales report')
  await expect(step.getByRole('checkbox', { name: 'Wait for the previous step' })).toBeDisabled()
  const parallel = step.getByRole('spinbutton', { name: 'Parallel executions' })
  await expect(parallel).toHaveValue('1')

  // Bad input: named beside the field, nothing sent.
  await parallel.fill('0')
  await step.getByRole('button', { name: 'Add variable' }).click()
  await step.getByLabel('Name of variable 1').fill('1BAD')
  const sentBefore = answers.length
  await step.getByRole('button', { name: 'Save' }).click()
  await expect(step.getByText('A whole number from 1 to 20.')).toBeVisible()
  await expect(
    step.getByText('Not a variable name: letters, digits and _, not starting with a digit.'),
  ).toBeVisible()
  expect(answers.length).toBe(sentBefore)

  // Good input: saved, and still there after a reload.
  await parallel.fill('3')
  await step.getByLabel('Name of variable 1').fill('REGION')
  await step.getByLabel('Value of variable 1').fill('North')
  await step.getByRole('button', { name: 'Save' }).click()
  await expect(step.getByRole('status')).toHaveText('Saved.')

  await page.reload()
  step = await openEditor(page, 'Sales report')
  await expect(step.getByRole('spinbutton', { name: 'Parallel executions' })).toHaveValue('3')
  await expect(step.getByLabel('Name of variable 1')).toHaveValue('REGION')
  await expect(step.getByLabel('Value of variable 1')).toHaveValue('North')

  // The room refuses a step change while a run of the process is in progress: its words are shown.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Runs' }).click()
  await page.getByRole('button', { name: 'Launch Long job', exact: true }).click()
  await expect(page.locator('[data-run-id] [data-state="in_progress"]')).toHaveCount(1, { timeout: 30_000 })
  const longJob = await openEditor(page, 'Long job')
  await longJob.getByRole('spinbutton', { name: 'Parallel executions' }).fill('2')
  await longJob.getByRole('button', { name: 'Save' }).click()
  const alert = longJob.getByRole('alert')
  await expect(alert).toContainText('Not saved.')
  await expect(alert).toContainText('The process has 1 run(s) in progress')
  await expect(alert).toContainText('process_busy')
  await screenshotBothThemes(page, 'room-admin')

  expect(answers.length).toBeGreaterThanOrEqual(4)
  for (const answer of answers) expect(answer).not.toMatch(/[0-9a-f]{96}/i)
})

test('the room’s API documentation opens in a new tab from its admin view', async ({ page }) => {
  await page.goto(web.url)
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Local Control Room' })
    .click()
  const opened = page.context().waitForEvent('page')
  await page
    .getByRole('region', { name: 'Local Control Room' })
    .getByRole('link', { name: 'API documentation' })
    .click()
  const docs = await opened
  await expect(docs.locator('.opblock', { hasText: 'List processes' }).first()).toBeVisible()
  expect(new URL(docs.url()).pathname).toBe('/docs')
  // The window itself stays where it was.
  await expect(page.getByRole('region', { name: 'Local Control Room' })).toBeVisible()
})
