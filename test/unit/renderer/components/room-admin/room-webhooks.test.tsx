/**
 * The Local Control Room view's Webhooks section over the fake bridge: the list (scope, events,
 * disabled with the reason, last delivery), Robodeck's own webhook not changeable and saying why,
 * Add with its checks and the legacy events for workspace webhooks only, the secret shown once and
 * on request (gone once hidden), the room's refusal in its words, Edit, Enable again, Delete after a
 * confirmation, and the delivery log: a test event, the attempts, Redeliver, paging.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { RoomAdminView } from '../../../../../src/renderer/src/components/room-admin/room-admin-view'
import type { RoomProcess } from '../../../../../src/shared/room-admin'
import type { RoomWebhook, RoomWebhookAttempt } from '../../../../../src/shared/room-webhooks'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { providersFor } from '../../wrapper'

const SECRET = 'a1'.repeat(32)
const RECEIVER = 'http://127.0.0.1:9000/hook'
const OWN = 'http://127.0.0.1:4555/robodeck-push/abc/def'
const FAILING = 'http://127.0.0.1:9001/failing'

const hook = (id: string, endpoint: string, overrides: Partial<RoomWebhook> = {}): RoomWebhook => ({
  id,
  endpoint,
  processId: null,
  events: ['process_run.completed'],
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  lastDelivery: null,
  ownedByRobodeck: false,
  ...overrides,
})
const attempt = (id: string, overrides: Partial<RoomWebhookAttempt> = {}): RoomWebhookAttempt => ({
  id,
  deliveryId: `d-${id}`,
  eventId: `e-${id}`,
  event: 'test',
  action: 'TEST',
  kind: 'test',
  attemptedAt: '2026-12-01T08:00:00.000Z',
  status: 500,
  latencyMs: 12.4,
  responseExcerpt: 'answer 500',
  error: 'HTTP 500',
  ...overrides,
})
const process: RoomProcess = {
  id: 'p1',
  name: 'Nightly report',
  updatedAt: '2026-12-01T08:00:00.000Z',
  steps: [],
}

function renderRoom() {
  let webhooks = [
    hook('own', OWN, { ownedByRobodeck: true, events: ['process_run.started', 'process_run.completed'] }),
    hook('w1', FAILING, {
      processId: 'p1',
      enabled: false,
      disabledAt: '2026-12-01T07:00:00.000Z',
      disabledReason: 'every delivery failed for 3 days',
      lastDelivery: {
        event: 'process_run.completed',
        kind: 'event',
        state: 'failed',
        createdAt: '2026-12-01T06:00:00.000Z',
        lastError: 'HTTP 500',
      },
    }),
  ]
  const bridge = createFakeBridge({
    room: {
      processes: async () => [process],
      webhooks: async () => webhooks,
      createWebhook: async ({ endpoint, events, processId }) => {
        if (endpoint.startsWith('ftp:'))
          throw new BridgeError({
            code: 'invalid_webhook',
            message: 'The local Control Room refused the webhook: URL: expected an http or https URL.',
            status: 400,
          })
        const created = hook('w2', endpoint, { events, processId: processId ?? null })
        webhooks = [created, ...webhooks]
        return { webhook: created, secret: SECRET }
      },
      revealWebhookSecret: async () => ({ secret: SECRET }),
      updateWebhook: async ({ webhookId, endpoint, events, enabled }) => {
        webhooks = webhooks.map((w) =>
          w.id === webhookId
            ? {
                ...w,
                endpoint: endpoint ?? w.endpoint,
                events: events ?? w.events,
                enabled: enabled ?? w.enabled,
                disabledReason: enabled ? null : w.disabledReason,
              }
            : w,
        )
        return webhooks.find((w) => w.id === webhookId) as RoomWebhook
      },
      deleteWebhook: async ({ webhookId }) => {
        webhooks = webhooks.filter((w) => w.id !== webhookId)
        return { id: webhookId }
      },
      webhookAttempts: async ({ cursor }) =>
        cursor === 'page-2'
          ? {
              attempts: [attempt('old', { status: null, responseExcerpt: null, error: 'ECONNREFUSED' })],
              next: null,
            }
          : {
              attempts: [
                attempt('new', { status: 200, error: null, responseExcerpt: 'ok', kind: 'redelivery' }),
                attempt('a1'),
              ],
              next: 'page-2',
            },
      testWebhook: async () => ({ deliveryId: 'd-t', eventId: 'e-t' }),
      redeliverWebhook: async ({ deliveryId }) => ({ deliveryId: `${deliveryId}-again`, eventId: 'e-a1' }),
    },
  })
  render(<RoomAdminView connectionId="local" />, { wrapper: providersFor(bridge) })
  fireEvent.click(screen.getByRole('tab', { name: 'Webhooks' }))
  return { bridge }
}

const sent = (bridge: ReturnType<typeof createFakeBridge>, name: string) =>
  bridge.calls.filter((c) => c.name === name).map((c) => c.request)
const button = (within_: HTMLElement, name: string) =>
  within(within_).getByRole('button', { name }) as HTMLButtonElement

describe('Webhooks section', () => {
  it('lists the webhooks: scope, events, disabled with the reason, last delivery; Robodeck’s own kept', async () => {
    renderRoom()
    const failing = await screen.findByRole('listitem', { name: FAILING })
    expect(failing.textContent).toContain('process “Nightly report”')
    expect(failing.textContent).toContain('Disabled')
    expect(failing.textContent).toContain('every delivery failed for 3 days')
    expect(failing.textContent).toContain('failed · process_run.completed')
    expect(button(failing, `Enable again ${FAILING}`).textContent).toBe('Enable again')

    const own = screen.getByRole('listitem', { name: OWN })
    expect(own.textContent).toContain('Robodeck’s own')
    expect(own.textContent).toContain('the whole workspace')
    for (const name of [`Edit ${OWN}`, `Delete ${OWN}…`, `Show secret of ${OWN}`, `Disable ${OWN}`]) {
      const refused = button(own, name)
      expect(refused.disabled).toBe(true)
      const reason = document.getElementById(refused.getAttribute('aria-describedby') ?? '')
      expect(reason?.textContent).toMatch(/Robodeck registered this webhook/)
    }
    expect(button(own, `Send test event to ${OWN}`).disabled).toBe(false)
  })

  it('adds a webhook: checks first, legacy events for the workspace only, the secret once; the room’s refusal in its words', async () => {
    const { bridge } = renderRoom()
    await screen.findByRole('listitem', { name: FAILING })
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }))
    const form = screen.getByRole('form', { name: 'New webhook' })
    fireEvent.click(within(form).getByRole('checkbox', { name: /A run completed/ }))
    fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' }))
    expect(within(form).getByText('Give the URL the room should send events to.')).toBeTruthy()
    expect(within(form).getByText('Choose at least one event.')).toBeTruthy()
    expect(sent(bridge, 'room.createWebhook')).toEqual([])

    const scope = within(form).getByRole('combobox', { name: 'Sends events of' })
    fireEvent.change(scope, { target: { value: 'p1' } })
    expect(within(form).queryByRole('checkbox', { name: /robot_run_event/ })).toBeNull()
    fireEvent.change(scope, { target: { value: '' } })
    fireEvent.click(within(form).getByRole('checkbox', { name: /robot_run_event/ }))
    fireEvent.click(within(form).getByRole('checkbox', { name: /A run ended unresolved/ }))

    const url = within(form).getByRole('textbox', { name: 'URL' })
    fireEvent.change(url, { target: { value: 'ftp://example.com/hook' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' }))
    const refusal = await within(form).findByRole('alert')
    expect(refusal.textContent).toContain('refused the webhook: URL: expected an http or https URL.')

    fireEvent.change(url, { target: { value: ` ${RECEIVER} ` } })
    fireEvent.click(within(form).getByRole('button', { name: 'Create webhook' }))
    const once = await screen.findByRole('region', { name: `Webhook to ${RECEIVER} created.` })
    expect(once.textContent).toContain(SECRET)
    expect(sent(bridge, 'room.createWebhook').at(-1)).toEqual({
      connectionId: 'local',
      endpoint: RECEIVER,
      events: ['process_run.unresolved', 'robot_run_event'],
    })
    expect(await screen.findByRole('listitem', { name: RECEIVER })).toBeTruthy()
    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toContain(SECRET)
  })

  it('shows the secret on request and hides it; edits, enables again and deletes after a confirmation', async () => {
    const { bridge } = renderRoom()
    const failing = await screen.findByRole('listitem', { name: FAILING })
    fireEvent.click(button(failing, `Show secret of ${FAILING}`))
    await within(failing).findByText(SECRET)
    fireEvent.click(button(failing, 'Hide secret'))
    expect(document.body.textContent).not.toContain(SECRET)

    fireEvent.click(button(failing, `Enable again ${FAILING}`))
    await waitFor(() => expect(button(failing, `Disable ${FAILING}`)).toBeTruthy())
    expect(sent(bridge, 'room.updateWebhook')).toEqual([
      { connectionId: 'local', webhookId: 'w1', enabled: true },
    ])

    fireEvent.click(button(failing, `Edit ${FAILING}`))
    const form = within(failing).getByRole('form', { name: `Edit ${FAILING}` })
    // A process webhook: the legacy events are not offered.
    expect(within(form).queryByRole('checkbox', { name: /process_run$/ })).toBeNull()
    fireEvent.change(within(form).getByRole('textbox', { name: 'URL' }), { target: { value: RECEIVER } })
    fireEvent.click(within(form).getByRole('checkbox', { name: /A run started/ }))
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    const moved = await screen.findByRole('listitem', { name: RECEIVER })
    expect(sent(bridge, 'room.updateWebhook').at(-1)).toEqual({
      connectionId: 'local',
      webhookId: 'w1',
      endpoint: RECEIVER,
      events: ['process_run.started', 'process_run.completed'],
    })

    fireEvent.click(button(moved, `Delete ${RECEIVER}…`))
    fireEvent.click(button(moved, 'Delete webhook'))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: RECEIVER })).toBeNull())
    expect(sent(bridge, 'room.deleteWebhook')).toEqual([{ connectionId: 'local', webhookId: 'w1' }])
  })

  it('sends a test event and shows the delivery log: attempts, Redeliver, older pages', async () => {
    const { bridge } = renderRoom()
    const failing = await screen.findByRole('listitem', { name: FAILING })
    fireEvent.click(button(failing, `Send test event to ${FAILING}`))
    const log = await within(failing).findByRole('region', { name: `Delivery log of ${FAILING}` })
    expect(sent(bridge, 'room.testWebhook')).toEqual([{ connectionId: 'local', webhookId: 'w1' }])
    const rows = await within(log).findAllByRole('row')
    expect(
      rows.map((row) => [...row.querySelectorAll('td')].slice(1, 6).map((cell) => cell.textContent)),
    ).toEqual([
      [],
      ['test (redelivered)', '200', '12 ms', 'ok', ''],
      ['test (test)', '500', '12 ms', 'answer 500', 'HTTP 500'],
    ])
    fireEvent.click(within(rows[2] as HTMLElement).getByRole('button', { name: /^Redeliver test/ }))
    await waitFor(() =>
      expect(sent(bridge, 'room.redeliverWebhook')).toEqual([
        { connectionId: 'local', webhookId: 'w1', deliveryId: 'd-a1' },
      ]),
    )

    fireEvent.click(button(log, 'Older attempts'))
    expect(await within(log).findByText('ECONNREFUSED')).toBeTruthy()
    expect(within(log).getByText('no answer')).toBeTruthy()
    expect(sent(bridge, 'room.webhookAttempts').at(-1)).toEqual({
      connectionId: 'local',
      webhookId: 'w1',
      cursor: 'page-2',
    })
    expect(button(log, 'Older attempts').disabled).toBe(true)
    fireEvent.click(button(log, 'Newest attempts'))
    expect(await within(log).findByText('answer 500')).toBeTruthy()
  })
})
