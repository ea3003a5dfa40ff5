import { expect, test } from '@playwright/test'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../support/localroom'
import { screenshotBothThemes } from '../support/screenshots'

let room: SpawnedLocalRoom

test.beforeEach(async () => {
  room = await spawnLocalRoom()
})

test.afterEach(async () => {
  await room.stop()
})

test('the local room documents its API and lets a user try an operation with a pasted key', async ({
  page,
}) => {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  const origin = new URL(room.bootstrap.url).origin

  await page.goto(`${origin}/docs`)
  const listProcesses = page.locator('.opblock', { hasText: 'List processes' }).first()
  await expect(listProcesses).toBeVisible()

  await page
    .getByRole('button', { name: /Authorize/ })
    .first()
    .click()
  const dialog = page.locator('.modal-ux')
  await dialog.locator('input').first().fill(`RC-WSKEY ${room.bootstrap.api_key}`)
  // The first scheme is the API key (RC-WSKEY); the dialog lists the others below it.
  await dialog.locator('button.authorize').first().click()
  await expect(dialog.getByText('Authorized').first()).toBeVisible()
  await dialog.locator('button.btn-done').first().click()

  await listProcesses.locator('.opblock-summary').click()
  // The page opens every operation ready to try (tryItOutEnabled).
  await listProcesses.locator('input[placeholder="workspace_id"]').fill(room.bootstrap.workspace_id)
  await listProcesses.getByRole('button', { name: 'Execute' }).click()
  const response = listProcesses.locator('.responses-table.live-responses-table')
  await expect(response.locator('tbody .response-col_status').first()).toHaveText('200')
  await expect(response).toContainText('Echo payload')
  await screenshotBothThemes(page, 'localroom-docs', { fullPage: false })
  expect(problems).toEqual([])
})
