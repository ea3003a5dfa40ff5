/**
 * Secrets never leave the main process: the whole app in web mode, with three workspaces (its own
 * local room and two more Control Rooms added through the bridge with their keys and linked user
 * access credentials), used from a real browser. Then every place a secret could leak is searched for each
 * one: web mode's logs, every bridge answer and event-stream byte the page received, the page's text
 * and storage, and every file in the data folder except the vault.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../support/localroom'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

/** The vault: secrets are there, encrypted; everywhere else they must not be. */
const VAULT_FILES = new Set(['app/secrets.json'])

let web: RunningWebMode
const rooms: SpawnedLocalRoom[] = []

test.beforeEach(async () => {
  rooms.push(await spawnLocalRoom(), await spawnLocalRoom())
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
  await Promise.all(rooms.splice(0).map((room) => room.stop()))
})

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name
    if (entry.isDirectory()) found.push(...(await filesUnder(join(dir, entry.name), name)))
    else if (entry.isFile()) found.push(name)
  }
  return found
}

test('no key or credential reaches the logs, the bridge, the page or a file outside the vault', async ({
  page,
}) => {
  const token = new URL(web.url).hash.split('=')[1] as string
  const received: string[] = []
  page.on('response', async (response) => {
    // The event stream never ends, so its body is read by the page itself (below), not here.
    if (response.url().includes('/bridge/events')) return
    received.push(await response.text().catch(() => ''))
  })
  await page.goto(web.url)
  const call = (name: string, body: unknown) =>
    page.evaluate(
      async ([command, request, authorization]) => {
        const response = await fetch(`/bridge/commands/${command}`, {
          method: 'POST',
          headers: { authorization: authorization as string, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        })
        return (await response.json()) as { ok: boolean; value?: { id?: string } }
      },
      [name, body, `Bearer ${token}`] as const,
    )
  const secrets: string[] = []
  for (const room of rooms) {
    const { api_key: apiKey, url, workspace_id } = room.bootstrap
    const credential = room.bootstrap.user_credential as string
    secrets.push(apiKey, credential.split(':')[1] as string)
    const added = await call('connections.add', { apiUrl: url, workspaceId: workspace_id, apiKey })
    expect(added.ok, JSON.stringify(added)).toBe(true)
    const linked = await call('connections.linkCredential', {
      connectionId: added.value?.id,
      credential,
    })
    expect(linked.ok, JSON.stringify(linked)).toBe(true)
  }
  // Use the app: list, launch in every workspace, watch the runs finish.
  await page.reload()
  // What the event stream delivers, as the page's own EventSource-free fetch would see it.
  const streamed = page.evaluate(async (authorization) => {
    const response = await fetch('/bridge/events', { headers: { authorization } })
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    const until = Date.now() + 30_000
    // Until the three runs have finished (or 30 s): every event the launches cause is in it.
    while (Date.now() < until && (text.match(/event: run\.finished/g) ?? []).length < 3) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((done) => setTimeout(() => done(null), until - Date.now())),
      ])
      if (!chunk || chunk.done) break
      text += new TextDecoder().decode(chunk.value)
    }
    await reader.cancel()
    return text
  }, `Bearer ${token}`)

  const launches = page.getByRole('button', { name: 'Launch Echo payload', exact: true })
  await expect(launches).toHaveCount(3, { timeout: 30_000 })
  for (const button of await launches.all()) await button.click()
  await expect(page.locator('[data-run-id] [data-state="completed"]')).toHaveCount(3, { timeout: 45_000 })
  const places: Array<[string, string]> = [
    ['web mode stderr', web.stderr()],
    ['event stream', await streamed],
    ['page text', (await page.locator('body').textContent()) ?? ''],
    ['page storage', await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))],
    ...received.map((body, index): [string, string] => [`response ${index}`, body]),
  ]
  for (const file of await filesUnder(web.dataDir)) {
    if (VAULT_FILES.has(file)) continue
    places.push([`file ${file}`, (await readFile(join(web.dataDir, file))).toString('latin1')])
  }
  expect(places.length).toBeGreaterThan(10)
  expect(secrets).toHaveLength(4)
  for (const [where, text] of places)
    for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false)
  // The vault does hold them, encrypted: not one in plain text.
  const vault = await readFile(join(web.dataDir, 'app/secrets.json'), 'utf8')
  for (const secret of secrets) expect(vault.includes(secret)).toBe(false)
})
