/**
 * The local Control Room's webhooks in a real browser over web mode and its real room, with a real
 * receiver on 127.0.0.1: a webhook added, its secret shown once (the receiver's deliveries are
 * signed with it), a test event sent and seen in the delivery log, redelivered (same id and bytes),
 * a bad URL refused in the room's words, the webhook deleted; Robodeck's own webhook not deletable.
 */
import { createHmac } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver'

let web: RunningWebMode
let receiver: WebhookReceiver

test.beforeEach(async () => {
  web = await startWebMode()
  receiver = await startReceiver(() => 200)
})

test.afterEach(async () => {
  await web.stop()
  await receiver.close()
})

test('a webhook is added, sent a test event that shows in its log, redelivered and deleted', async ({
  page,
}) => {
  await page.goto(web.url)
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Local Control Room' })
    .click()
  const room = page.getByRole('region', { name: 'Local Control Room' })
  await room.getByRole('tab', { name: 'Webhooks' }).click()

  const own = room.getByRole('listitem').filter({ has: page.getByText('Robodeck’s own') })
  await expect(own.getByRole('button', { name: /^Delete .*…$/ })).toBeDisabled()
  await expect(own).toContainText('Robodeck registered this webhook')

  await room.getByRole('button', { name: 'Add webhook' }).click()
  const form = room.getByRole('form', { name: 'New webhook' })
  const url = form.getByRole('textbox', { name: 'URL' })
  await url.fill('ftp://127.0.0.1/hook')
  await form.getByRole('button', { name: 'Create webhook' }).click()
  await expect(form.getByRole('alert')).toContainText(
    'refused the webhook: URL: expected an http or https URL.',
  )

  await url.fill(receiver.url)
  await form.getByRole('checkbox', { name: /A run started/ }).check()
  await screenshotBothThemes(page, 'room-webhooks-add')
  await form.getByRole('button', { name: 'Create webhook' }).click()
  const once = room.getByRole('region', { name: `Webhook to ${receiver.url} created.` })
  await expect(once.getByRole('button', { name: 'Done' })).toBeFocused()
  const secret = (await once.locator('code').textContent()) as string
  expect(secret).toMatch(/^[0-9a-f]{64}$/)
  await once.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByText(secret)).toHaveCount(0)

  const item = room.getByRole('listitem', { name: receiver.url })
  await expect(item).toContainText('the whole workspace')
  await expect(item).toContainText('process_run.started, process_run.completed')
  await item.getByRole('button', { name: `Send test event to ${receiver.url}` }).click()
  const log = item.getByRole('region', { name: `Delivery log of ${receiver.url}` })
  const [delivered] = await receiver.waitForCount(1)
  expect(delivered?.body).toMatchObject({ event: 'test', action: 'TEST' })
  expect(delivered?.headers['x-rc-signature']).toBe(
    createHmac('sha256', secret)
      .update(delivered?.raw as Buffer)
      .digest('hex'),
  )
  const rows = log.getByRole('row')
  await expect(rows).toHaveCount(2, { timeout: 10_000 })
  await expect(rows.nth(1)).toContainText('test (test)')
  await expect(rows.nth(1)).toContainText('200')
  await expect(rows.nth(1)).toContainText('answer 200')
  await expect(item).toContainText('delivered · test')
  await screenshotBothThemes(page, 'room-webhooks-log')

  await rows
    .nth(1)
    .getByRole('button', { name: /^Redeliver test/ })
    .click()
  const [, again] = await receiver.waitForCount(2)
  expect(again?.raw.equals(delivered?.raw as Buffer)).toBe(true)
  await expect(rows).toHaveCount(3, { timeout: 10_000 })
  await expect(rows.nth(1)).toContainText('test (redelivered)')

  await item.getByRole('button', { name: `Delete ${receiver.url}…` }).click()
  await item.getByRole('button', { name: 'Delete webhook' }).click()
  await expect(room.getByRole('listitem', { name: receiver.url })).toHaveCount(0)
  await expect(own).toHaveCount(1)
})
