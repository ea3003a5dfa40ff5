/**
 * A Control Room workspace beside the local room, in Chromium over web mode and a real core: a
 * second local room (a spawned process) stands in for Control Room, behind a proxy the test turns
 * faulty. Its run opens with a link to the same run in Control Room's web UI; the feed's sync line
 * then says, per workspace, when Control Room answers 429 (rate limited) and when it cannot be
 * reached (offline), and comes back to "synced" when it answers again, each seen after the feed's
 * Refresh (which has every watcher look now). Screenshots in both themes.
 */
import { expect, type Page, test } from '@playwright/test'
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom } from '../support/localroom'
import { screenshotBothThemes } from '../support/screenshots'
import { webBridge } from '../support/web-bridge'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode
let remote: SpawnedLocalRoom
let proxy: FaultProxy

test.beforeEach(async () => {
  remote = await spawnLocalRoom()
  proxy = await startFaultProxy(Number(new URL(remote.bootstrap.url).port))
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
  await proxy.close()
  await remote.stop()
})

/** The remote's sync line in the runs feed, after Refresh runs (which has every watcher look now). */
async function syncAfterRefresh(page: Page, connectionId: string) {
  const runs = page.getByRole('region', { name: 'Runs' })
  await runs.getByRole('button', { name: 'Refresh runs' }).click()
  return runs.locator(`[data-sync-connection-id="${connectionId}"]`)
}

test('a cloud run links to Control Room; rate limited and offline are said per workspace', async ({
  page,
}) => {
  const bridge = webBridge(web)
  const { bootstrap } = remote
  const apiUrl = `${proxy.origin}${new URL(bootstrap.url).pathname}`
  const added = await bridge.call('connections.add', {
    apiUrl,
    workspaceId: bootstrap.workspace_id,
    apiKey: bootstrap.api_key,
    name: 'Acme cloud',
  })
  expect(added.ok).toBe(true)
  const connectionId: string = added.value.id

  // A run in the remote, started there: the feed lists it under its workspace.
  const processes = await callApi(bootstrap.url, 'GET', `/workspaces/${bootstrap.workspace_id}/processes`, {
    key: bootstrap.api_key,
  })
  const sales = processes.body.data.find((p: { name: string }) => p.name === 'Sales report')
  const started = await callApi(
    bootstrap.url,
    'POST',
    `/workspaces/${bootstrap.workspace_id}/processes/${sales.id}/process-runs`,
    { key: bootstrap.api_key, body: {} },
  )
  expect(started.status).toBe(200)

  await page.goto(web.url)
  const runs = page.getByRole('region', { name: 'Runs' })
  const row = runs.locator(`[data-run-id="${started.body.id}"]`)
  await expect(async () => {
    await syncAfterRefresh(page, connectionId)
    await expect(row).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(row).toContainText('Acme cloud')
  await row.click()
  const link = page.getByRole('link', { name: 'Open in Control Room' })
  await expect(link).toHaveAttribute(
    'href',
    `${proxy.origin}/workspaces/${bootstrap.workspace_id}/processes/${sales.id}/runs/${started.body.id}`,
  )
  await expect(link).toHaveAttribute('target', '_blank')
  // The local room's runs have no such page.
  await page.keyboard.press('Escape')

  const sync = await syncAfterRefresh(page, connectionId)
  await expect(sync).toHaveAttribute('data-health', 'ok')
  await expect(sync).toContainText(/synced \d+ s ago/)

  await proxy.mode('rate429')
  await expect(async () => {
    await syncAfterRefresh(page, connectionId)
    await expect(sync).toHaveAttribute('data-health', 'rate_limited', { timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(sync).toContainText('rate limited')
  await screenshotBothThemes(page, 'runs-feed-rate-limited', { fullPage: false })

  await proxy.mode('refuse')
  await expect(async () => {
    await syncAfterRefresh(page, connectionId)
    await expect(sync).toHaveAttribute('data-health', 'offline', { timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  await expect(sync).toContainText('offline')
  await expect(page.getByRole('banner')).toContainText('1 of 2 workspaces connected')
  // The local room is not affected by another workspace's trouble.
  await expect(runs.locator('[data-sync-connection-id="local"]')).toHaveAttribute('data-health', 'ok')
  await screenshotBothThemes(page, 'runs-feed-offline', { fullPage: false })

  await proxy.mode('pass')
  await expect(async () => {
    await syncAfterRefresh(page, connectionId)
    await expect(sync).toHaveAttribute('data-health', 'ok', { timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
})
