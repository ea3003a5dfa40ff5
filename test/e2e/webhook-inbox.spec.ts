/**
 * The webhook inbox in a real browser over web mode: the receiver started from the page, a signed
 * delivery and a forged one sent to it as a Control Room (through a tunnel) would, the forged one
 * flagged and not replayable, the good one replayed to a real local service with its headers and body.
 */
import { createHmac, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

const SECRET = 'e2e-inbox-secret-7f3a'
let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex')

async function deliver(address: string, body: string, signature: string) {
  const response = await fetch(address, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rc-signature': signature, 'x-tunnel': 'e2e' },
    body,
  })
  return response.status
}

test('the inbox receives a delivery, flags a bad signature, and replays a good one', async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = []
  const service = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => {
      received.push({ headers: request.headers, body })
      response.end('ok from the local service')
    })
  })
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve))
  try {
    await page.goto(web.url)
    const inbox = page.getByRole('region', { name: 'Webhook inbox' })
    await inbox.getByRole('textbox', { name: 'Port' }).fill('0')
    await inbox.getByRole('button', { name: 'Start receiver' }).click()
    const addressOutput = inbox.getByRole('status', { name: 'Receiver address' })
    await expect(addressOutput).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const address = (await addressOutput.textContent()) as string

    await inbox.getByLabel('Secret', { exact: true }).fill(SECRET)
    await inbox.getByRole('button', { name: 'Save secret' }).click()
    await expect(inbox.getByText('Signatures are checked with the saved secret.')).toBeVisible()

    const event = (id: string) =>
      JSON.stringify({
        id,
        webhookEventTimestamp: new Date().toISOString(),
        event: 'process_run.completed',
        action: 'COMPLETED',
        payload: { workspaceId: 'ws', processId: 'p', processRunId: randomUUID(), state: 'completed' },
      })
    const good = event('event-good')
    const forged = event('event-forged')
    expect(await deliver(`${address}rc`, good, sign(good, SECRET))).toBe(200)
    expect(await deliver(`${address}rc`, forged, sign(forged, 'not the secret'))).toBe(401)

    const list = inbox.getByRole('list', { name: 'Deliveries' })
    await expect(list.getByRole('listitem')).toHaveCount(2)
    await expect(list.getByText('Bad signature')).toHaveCount(1)
    await expect(list.getByText('Signature valid')).toHaveCount(1)

    // The forged one: shown as such, and not replayable.
    await list.getByRole('button', { name: /Bad signature/ }).click()
    const detail = inbox.getByRole('region', { name: 'Delivery' })
    await expect(detail.getByText('event id event-forged')).toBeVisible()
    await expect(detail.getByRole('button', { name: 'Replay' })).toBeDisabled()

    // The good one: replayed to the local service with the original headers and body.
    await list.getByRole('button', { name: /Signature valid/ }).click()
    await expect(detail.getByText('event id event-good')).toBeVisible()
    await expect(detail.getByText('x-tunnel')).toBeVisible()
    const serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}/hooks`
    await detail.getByRole('textbox', { name: 'Replay to' }).fill(serviceUrl)
    await detail.getByRole('button', { name: 'Replay' }).click()
    await expect(detail.getByRole('status')).toContainText('Replayed: HTTP 200')
    await expect(detail.getByRole('status')).toContainText('ok from the local service')
    expect(received).toHaveLength(1)
    expect(received[0]?.body).toBe(good)
    expect(received[0]?.headers['x-rc-signature']).toBe(sign(good, SECRET))
    expect(received[0]?.headers['x-tunnel']).toBe('e2e')

    // A URL off this computer is refused unless allowed, in words.
    await detail.getByRole('textbox', { name: 'Replay to' }).fill('http://192.0.2.1/hook')
    await detail.getByRole('button', { name: 'Replay' }).click()
    await expect(detail.getByRole('alert')).toContainText('Replays go to this computer')

    // The secret never reached the page.
    expect(await page.content()).not.toContain(SECRET)
    await screenshotBothThemes(page, 'webhook-inbox')
  } finally {
    await new Promise((resolve) => service.close(resolve))
  }
})
