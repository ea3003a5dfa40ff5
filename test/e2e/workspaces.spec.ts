/**
 * The Workspaces page in a real browser over web mode, its real core and its own local room, with a
 * second local room (a spawned process) as the "remote" Control Room: the local room listed and not
 * removable; an http: URL off this computer and a wrong key refused in words, the URL and id kept;
 * the remote added through the form (its name read, its permissions found), renamed, marked as
 * production, given its user access credential, then removed; added again with a key that may read
 * processes only, the permission it lacks found. Screenshots in light and dark theme. Its key
 * replaced: a wrong one refused in words; the key deleted in the remote room, the card asks for one,
 * and a new key made through the room's management API brings it back, its suffix shown.
 * No bridge answer the page receives carries the remote's key or credential secret.
 */
import { expect, type Locator, type Page, test } from '@playwright/test'
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

/** Opens the Workspaces page, keeping the text of every connections command's answer. */
async function openWorkspaces(page: Page) {
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/bridge/commands/connections.'))
      answers.push(await response.text().catch(() => ''))
  })
  await page.goto(web.url)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Workspaces' }).click()
  return { answers, view: page.getByRole('region', { name: 'Workspaces' }) }
}

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
  const { answers, view } = await openWorkspaces(page)
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

test('a workspace’s key is replaced: a wrong key refused in words, a deleted key entered again', async ({
  page,
}) => {
  const { url, workspace_id: workspaceId } = remote.bootstrap
  const credential = remote.bootstrap.user_credential as string
  const origin = new URL(url).origin
  const keys = `/management-v1/workspaces/${workspaceId}/api-keys`
  /** A new key that reads processes and runs, made through the remote room's management API. */
  const makeKey = async (name: string) => {
    const made = await signedRequest(origin, credential, 'POST', keys, {
      name,
      permissions: ['Processes.read_processes', 'Processes.read_runs'],
    })
    expect(made.status, made.text).toBe(200)
    return { id: made.body.id as string, value: made.body.value as string }
  }
  const first = await makeKey('first key')
  const wrongKey = 'not-the-key-0000'
  const { answers, view } = await openWorkspaces(page)
  const form = view.getByRole('form', { name: 'Add a Control Room workspace' })
  await form.getByLabel('Name (optional)').fill('Remote room')
  await fillForm(form, url, workspaceId, first.value)
  const card = view.getByRole('article', { name: 'Remote room' })
  await expect(card).toContainText(`ending in ${first.value.slice(-4)}`)
  await expect(card.locator('[data-health]')).toHaveText(/synced \d+ s ago/)

  // A wrong key: refused in words, the field emptied, the old key kept.
  await card.getByRole('button', { name: 'Replace the API key of Remote room' }).click()
  const keyForm = card.getByRole('form', { name: 'Replace the API key of Remote room' })
  await expect(keyForm.getByLabel('API key')).toBeFocused()
  await keyForm.getByLabel('API key').fill(wrongKey)
  await keyForm.getByRole('button', { name: 'Save key' }).click()
  const refusal = keyForm.getByRole('alert')
  await expect(refusal).toContainText('Key not changed. Control Room did not accept the API key')
  await expect(refusal).toContainText('key_rejected')
  await expect(keyForm.getByLabel('API key')).toHaveValue('')
  await keyForm.getByLabel('API key').press('Escape')
  await expect(card.getByRole('button', { name: 'Replace the API key of Remote room' })).toBeFocused()
  await expect(card).toContainText(`ending in ${first.value.slice(-4)}`)

  // The key deleted in Control Room: the card says so and asks for a key; a new one brings it back.
  const deleted = await signedRequest(origin, credential, 'DELETE', `${keys}/${first.id}`)
  expect(deleted.status, deleted.text).toBe(200)
  await expect(card.locator('[data-health]')).toHaveAttribute('data-health', 'key_rejected')
  const second = await makeKey('second key')
  await card.getByRole('button', { name: 'Enter the API key of Remote room' }).click()
  const enterForm = card.getByRole('form', { name: 'Enter the API key of Remote room' })
  await enterForm.getByLabel('API key').fill(second.value)
  await enterForm.getByRole('button', { name: 'Save key' }).click()
  await expect(card).toContainText(`ending in ${second.value.slice(-4)}, kept in the vault`)
  await expect(card.locator('[data-health]')).toHaveText(/synced \d+ s ago/)
  await expect(card.getByRole('button', { name: 'Replace the API key of Remote room' })).toBeFocused()

  expect(answers.length).toBeGreaterThanOrEqual(4)
  for (const answer of answers)
    for (const secret of [first.value, second.value, wrongKey, credential.split(':')[1] as string])
      expect(answer).not.toContain(secret)
})
