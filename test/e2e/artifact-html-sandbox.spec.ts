/**
 * An HTML artifact is untrusted: in Chromium, its preview frame runs none of its script, loads
 * nothing from the network, and cannot reach the window. The page is the real renderer served by
 * web mode's server; the bridge answers with a crafted artifact (stub handlers, no room needed).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { createDispatcher } from '../../src/main/core/dispatch'
import { createEventBus } from '../../src/main/core/events'
import { startWebServer, type WebServer } from '../../src/web/server'
import { localConnection, runSummary, stubCommandHandlers } from '../support/fixtures'
import { screenshotBothThemes } from '../support/screenshots'

let web: WebServer
let beacon: Server
const hits: string[] = []

test.beforeEach(async () => {
  beacon = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.end('ok')
  })
  await new Promise<void>((done) => beacon.listen(0, '127.0.0.1', done))
  const trap = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`
  const html = [
    '<h1 id="log">Robot log</h1>',
    `<img src="${trap}/img">`,
    `<link rel="stylesheet" href="${trap}/css">`,
    `<script>fetch('${trap}/fetch'); top.document.title = 'owned'</script>`,
    `<form action="${trap}/form"><button id="go">go</button></form>`,
  ].join('')
  const run = runSummary({ id: 'r1', processName: 'Report robot', state: 'completed' })
  const handlers = stubCommandHandlers()
  handlers.connections.list = async () => [localConnection()]
  handlers.runs.list = async () => ({ runs: [run], failures: [], next: null })
  handlers.runs.get = async () => ({ run, stepRuns: [], webUrl: null })
  handlers.runs.artifacts = async () => [{ id: 'a1', stepRunId: 's1', name: 'log.html', size: html.length }]
  handlers.runs.artifact = async () => ({
    name: 'log.html',
    size: html.length,
    kind: 'html',
    mediaType: 'text/html',
    encoding: 'utf8',
    content: html,
    truncated: false,
  })
  web = await startWebServer({
    rendererDir: resolve(__dirname, '../../out/renderer'),
    dispatch: createDispatcher(handlers, () => {}),
    events: createEventBus(),
  })
})

test.afterEach(async () => {
  await web.close()
  beacon.closeAllConnections()
  await new Promise((done) => beacon.close(done))
  hits.length = 0
})

test('an HTML artifact is shown in a frame that runs no script and loads nothing', async ({ page }) => {
  await page.goto(web.url)
  await page.getByRole('button', { name: /^Open run of Report robot/ }).click()
  await page.getByRole('tab', { name: 'Artifacts' }).click()
  const frame = page.frameLocator('iframe[title="log.html (sandboxed)"]')
  await expect(frame.locator('#log')).toHaveText('Robot log')
  await expect(page.locator('iframe[title="log.html (sandboxed)"]')).toHaveAttribute('sandbox', '')
  await frame.locator('#go').click()
  // Give anything that could still fire a moment to do so.
  await page.waitForTimeout(500)
  expect(hits).toEqual([])
  expect(await page.title()).toBe('Robodeck')
  await screenshotBothThemes(page, 'run-detail-html', { fullPage: false })
})
