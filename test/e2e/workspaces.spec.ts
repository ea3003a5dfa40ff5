/**
 * The Workspaces page in a real browser over web mode, its real core and its own local room, with a
 * second local room (a spawned process) as the "remote" Control Room: the local room listed and not
 * removable; an http: URL off this computer and a wrong key refused in words, the URL and id kept;
 * the remote added through the form (its name read, its permissions found), renamed, marked as
 * production, given its user access credential, then removed; added again with a key that may read
 * processes only, the permission it lacks found. Screenshots in light and dark theme.
 * No bridge answer the page receives carries the remote's key or credential secret.
 */
import { expect, type Locator, test } from '@playwright/test'
import { signedRequest } from '../support/credential-client'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom } from '../support/localroom'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode
let remote: SpawnedLocalRoom

test.beforeEach(async () => {
  remote = await spawnLocalRoom()
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
  await remote.stop()
})

async function fillForm(form: Locator, apiUrl: string, workspaceId: string, apiKey: string) {
  await form.getByLabel('API URL').fill(apiUrl)
  await form.getByLabel('Workspace id').fill(workspaceId)
  await form.getByLabel('API key').fill(apiKey)
  await form.getByRole('button', { name: 'Add workspace' }).click()
}

test('a Control Room workspace is added through the form, renamed, marked, linked and removed', async ({
  page,
}) => {
  const { url, workspace_id: workspaceId, api_key: apiKey } = remote.bootstrap
  const credential = remote.bootstrap.user_credential as string
  const secrets = [apiKey, credential.split(':')[1] as string]
  const workspace = await callApi(url, 'GET', `/workspaces/${workspaceId}`, { key: apiKey })
  const remoteName = workspace.body.name as string
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/bridge/commands/connections.'))
      answers.push(await response.text().catch(() => ''))
  })

  await page.goto(web.url)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Workspaces' }).click()
  const view = page.getByRole('region', { name: 'Workspaces' })
  const cards = view.getByRole('list', { name: 'Connected workspaces' }).getByRole('article')
  await expect(cards).toHaveCount(1)
  const local = cards.first()
  await expect(local.locator('[data-health]')).toHaveText(/synced \d+ s ago/)
  await expect(local.getByRole('button', { name: /^Remove .*…$/ })).toBeDisabled()
  await expect(local).toContainText('The local Control Room is part of Robodeck and cannot be removed.')

  // Refused in words, the URL and id kept: https is required off this computer; a wrong key.
  const form = view.getByRole('form', { name: 'Add a Control Room workspace' })
  await fillForm(form, 'http://example.com/api/v1', workspaceId, 'not-the-key-0000')
  await expect(form.getByRole('alert')).toContainText('Control Room must be reached over https:')
  await expect(form.getByLabel('API key')).toHaveValue('not-the-key-0000')
  await fillForm(form, url, workspaceId, 'not-the-key-0000')
  const refusal = form.getByRole('alert')
  await expect(refusal).toContainText('Not added. Control Room did not accept the API key')
  await expect(refusal).toContainText('key_rejected')
  await expect(refusal).toContainText('Check the key, or create a new one in Control Room')
  await expect(form.getByLabel('API URL')).toHaveValue(url)
  await expect(form.getByLabel('Workspace id')).toHaveValue(workspaceId)
  await expect(form.getByLabel('API key')).toHaveValue('')

  // Added: the name read from the workspace, the read permissions found.
  await form.getByLabel('API key').fill(apiKey)
  await form.getByRole('button', { name: 'Add workspace' }).click()
  const added = form.getByRole('status')
  await expect(added).toContainText(`Added “${remoteName}”.`)
  await expect(added.getByRole('listitem')).toHaveText([
    '✓ Processes.read_processes granted',
    '✓ Processes.read_runs granted',
  ])
  await expect(form.getByLabel('API key')).toHaveValue('')
  await expect(cards).toHaveCount(2)
  let card = view.locator('article[data-connection-id^="cr-"]')
  await expect(card).toContainText(`ending in ${apiKey.slice(-4)}`)
  await expect(card).toContainText(url)
  await expect(card.locator('[data-health]')).toHaveText(/synced \d+ s ago/)

  // Renamed in place, marked as production, its user access credential linked.
  await card.getByRole('button', { name: `Rename ${remoteName}` }).click()
  await card.getByRole('textbox', { name: 'New name' }).fill('Remote room')
  await card.getByRole('textbox', { name: 'New name' }).press('Enter')
  card = view.getByRole('article', { name: 'Remote room' })
  await expect(card.getByRole('heading', { name: 'Remote room' })).toBeVisible()
  await card.getByRole('checkbox', { name: 'Production workspace' }).check()
  await expect(card.getByText('Production', { exact: true })).toBeVisible()
  await card.getByRole('button', { name: 'Link the access credential of Remote room' }).click()
  await card.getByRole('textbox', { name: 'Access credential' }).fill(credential)
  await card.getByRole('button', { name: 'Link credential' }).click()
  await expect(card).toContainText(/Linked: \S+/)
  await screenshotBothThemes(page, 'workspaces')

  // Still there after a reload: the core kept it.
  await page.reload()
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Workspaces' }).click()
  await expect(card.getByText('Production', { exact: true })).toBeVisible()

  // Removed after the confirmation.
  await card.getByRole('button', { name: 'Remove Remote room…' }).click()
  await card.getByRole('button', { name: 'Remove workspace' }).click()
  await expect(card).toHaveCount(0)
  await expect(cards).toHaveCount(1)

  // A key that may read processes only: the harmless read of runs finds the permission it lacks.
  const made = await signedRequest(
    new URL(url).origin,
    credential,
    'POST',
    `/management-v1/workspaces/${workspaceId}/api-keys`,
    { name: 'processes only', permissions: ['Processes.read_processes'] },
  )
  expect(made.status, made.text).toBe(200)
  const narrowKey = made.body.value as string
  secrets.push(narrowKey)
  await form.getByLabel('Name (optional)').fill('Processes only')
  await fillForm(form, url, workspaceId, narrowKey)
  await expect(form.getByRole('status').getByRole('listitem')).toHaveText([
    '✓ Processes.read_processes granted',
    '✗ Processes.read_runs lacking',
  ])
  await expect(view.getByRole('article', { name: 'Processes only' })).toContainText(
    'Processes.read_runs lacking',
  )

  expect(answers.length).toBeGreaterThanOrEqual(8)
  for (const answer of answers) for (const secret of secrets) expect(answer).not.toContain(secret)
})
