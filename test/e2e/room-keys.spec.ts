/**
 * The local Control Room's API keys and user access credentials in a real browser over web mode
 * and its real room: a key added with two permissions, its value shown once and then used by the
 * test itself against the room's API (RC-WSKEY: allowed 200, a missing permission 403), viewed,
 * edited (the new permissions hold from the next request), deleted (401 from then on); Robodeck's
 * own key not deletable; a credential created (its secret signs), then revoked (refused after).
 */
import { expect, type Page, test } from '@playwright/test'
import { signedRequest } from '../support/credential-client'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

/** The local room's API URL and workspace, as the window's own connection list has them. */
async function localRoom(page: Page) {
  const token = new URL(web.url).hash.split('=')[1] as string
  return page.evaluate(async (authorization) => {
    const response = await fetch('/bridge/commands/connections.list', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: '{}',
    })
    const answer = (await response.json()) as {
      value: { kind: string; apiUrl: string; workspaceId: string }[]
    }
    const local = answer.value.find((connection) => connection.kind === 'local')
    return { apiUrl: local?.apiUrl as string, workspaceId: local?.workspaceId as string }
  }, `Bearer ${token}`)
}

async function openSection(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Local Control Room' })
    .click()
  const room = page.getByRole('region', { name: 'Local Control Room' })
  await room.getByRole('tab', { name }).click()
  return room
}

test('an API key is added, shown once, works with its permissions, is edited and deleted', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(web.url)
  const { apiUrl, workspaceId } = await localRoom(page)
  /** A real API v1 request with the key: its status. */
  const status = async (key: string, path: string) =>
    (
      await fetch(`${apiUrl}/workspaces/${workspaceId}/${path}`, {
        headers: { authorization: `RC-WSKEY ${key}` },
      })
    ).status

  const room = await openSection(page, 'API keys')
  const own = room.getByRole('listitem').filter({ has: page.getByText('Used by Robodeck') })
  await expect(own.getByRole('button', { name: /^Delete .*…$/ })).toBeDisabled()
  await expect(own).toContainText('Robodeck itself uses this key')

  await room.getByRole('button', { name: 'Add API key' }).click()
  const form = room.getByRole('form', { name: 'New API key' })
  await form.getByRole('textbox', { name: 'Name' }).fill('E2E reporting')
  await form.getByRole('checkbox', { name: 'read_processes (Processes.read_processes)' }).check()
  await form.getByRole('checkbox', { name: 'read_runs (Processes.read_runs)' }).check()
  await screenshotBothThemes(page, 'room-keys-add')
  await form.getByRole('button', { name: 'Create key' }).click()

  const once = room.getByRole('region', { name: 'API key “E2E reporting” created.' })
  await expect(once).toContainText('shown once')
  await expect(once.getByRole('button', { name: 'Done' })).toBeFocused()
  const key = (await once.locator('code').textContent()) as string
  expect(key.length).toBeGreaterThan(20)
  await once.getByRole('button', { name: 'Copy' }).click()
  await expect(once.getByRole('status')).toHaveText('Copied.')
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key)
  await screenshotBothThemes(page, 'room-keys-created')

  expect(await status(key, 'processes')).toBe(200)
  expect(await status(key, 'webhooks')).toBe(403)

  await once.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByText(key)).toHaveCount(0)
  await expect(room.getByRole('button', { name: 'Add API key' })).toBeFocused()

  // View reveals the value on request; Hide takes it off the page.
  const item = room.getByRole('listitem', { name: 'E2E reporting' })
  await expect(item.getByRole('list', { name: 'Permissions of E2E reporting' })).toHaveText(
    'Processes read_processes, read_runs',
  )
  await item.getByRole('button', { name: 'View value of E2E reporting' }).click()
  await expect(item.getByText(key)).toBeVisible()
  await item.getByRole('button', { name: 'Hide value of E2E reporting' }).click()
  await expect(page.getByText(key)).toHaveCount(0)

  // Edit: webhooks in, runs out; the room applies them from the next request.
  await item.getByRole('button', { name: 'Edit E2E reporting' }).click()
  const edit = item.getByRole('form', { name: 'Edit E2E reporting' })
  await edit.getByRole('textbox', { name: 'Name' }).fill('E2E webhooks')
  await edit.getByRole('checkbox', { name: 'read_runs (Processes.read_runs)' }).uncheck()
  await edit.getByRole('checkbox', { name: 'read_webhooks (Webhooks.read_webhooks)' }).check()
  await edit.getByRole('button', { name: 'Save' }).click()
  const edited = room.getByRole('listitem', { name: 'E2E webhooks' })
  await expect(edited.getByRole('list', { name: 'Permissions of E2E webhooks' })).toHaveText(
    'Processes read_processesWebhooks read_webhooks',
  )
  expect(await status(key, 'webhooks')).toBe(200)
  expect(await status(key, 'process-runs')).toBe(403)

  // Delete, after the confirmation: the key is refused from then on.
  await edited.getByRole('button', { name: 'Delete E2E webhooks…' }).click()
  await screenshotBothThemes(page, 'room-keys-delete')
  await edited.getByRole('button', { name: 'Delete key' }).click()
  await expect(room.getByRole('listitem', { name: 'E2E webhooks' })).toHaveCount(0)
  expect(await status(key, 'processes')).toBe(401)
  // Web mode's log (main's) never had it.
  expect(web.stderr()).not.toContain(key)
})

test('a user access credential is created (shown once, it signs) and revoked', async ({ page }) => {
  await page.goto(web.url)
  const { apiUrl } = await localRoom(page)
  const origin = new URL(apiUrl).origin
  const room = await openSection(page, 'User credentials')
  const own = room.getByRole('listitem').filter({ has: page.getByText('Used by Robodeck') })
  await expect(own.getByRole('button', { name: /^Revoke .*…$/ })).toBeDisabled()

  const form = room.getByRole('form', { name: 'New access credential' })
  await form.getByRole('textbox', { name: 'Name' }).fill('E2E rcc')
  await form.getByRole('button', { name: 'Create credential' }).click()
  const once = room.getByRole('region', { name: 'Access credential “E2E rcc” created.' })
  const credential = (await once.locator('code').textContent()) as string
  expect(credential).toMatch(/^\d+:[0-9a-f]{96}$/)
  expect((await signedRequest(origin, credential, 'GET', '/management-v1/user/credentials')).status).toBe(200)
  await screenshotBothThemes(page, 'room-credentials-created')
  await once.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByText(credential)).toHaveCount(0)

  const item = room.getByRole('listitem', { name: 'E2E rcc' })
  await item.getByRole('button', { name: 'Revoke E2E rcc…' }).click()
  await item.getByRole('button', { name: 'Revoke credential' }).click()
  await expect(room.getByRole('listitem', { name: 'E2E rcc' })).toHaveCount(0)
  expect((await signedRequest(origin, credential, 'GET', '/management-v1/user/credentials')).status).toBe(401)
  expect(web.stderr()).not.toContain(credential.split(':')[1])
})
