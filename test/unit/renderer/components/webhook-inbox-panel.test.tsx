/** The webhook inbox panel over the fake bridge: the receiver, the secret, deliveries and replay. */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../src/renderer/src/bridge'
import { WebhookInboxPanel } from '../../../../src/renderer/src/components/webhook-inbox/webhook-inbox-panel'
import type { InboxDelivery, InboxDeliverySummary, InboxStatus } from '../../../../src/shared/bridge-inbox'
import { createFakeBridge } from '../../../support/fake-bridge'
import { stubInboxStatus } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

const delivery = (id: string, signature: InboxDeliverySummary['signature']): InboxDelivery => ({
  id,
  receivedAt: '2026-01-01T10:00:00Z',
  method: 'POST',
  path: '/hook',
  size: 321,
  signature,
  event: 'process_run.completed',
  eventId: `event-${id}`,
  headers: [
    ['Content-Type', 'application/json'],
    ['x-rc-signature', 'ab'.repeat(32)],
  ],
  body: `{"id":"event-${id}","event":"process_run.completed"}`,
})

function renderInbox() {
  let status: InboxStatus = { ...stubInboxStatus }
  const stored: InboxDelivery[] = [delivery('d1', 'valid'), delivery('d2', 'invalid')]
  const summaries = () => stored.map(({ headers: _h, body: _b, ...summary }) => summary)
  const bridge = createFakeBridge({
    inbox: {
      status: async () => ({ ...status, count: stored.length }),
      configure: async ({ enabled, port }) => {
        if (enabled && port === 8080) {
          const error = 'Port 8080 is in use by another program; choose another port (0: any free one).'
          status = { ...status, enabled, port, address: null, error }
          throw new BridgeError({ code: 'inbox_port_unavailable', message: error })
        }
        status = {
          ...status,
          error: null,
          enabled,
          port: port ?? status.port,
          address: enabled ? 'http://127.0.0.1:8977/' : null,
        }
        return status
      },
      setSecret: async ({ secret }) => {
        status = { ...status, secretSet: secret !== null }
        return status
      },
      list: async () => summaries(),
      get: async ({ deliveryId }) => stored.find((d) => d.id === deliveryId) as InboxDelivery,
      replay: async ({ url }) => {
        if (url.includes('9999'))
          throw new BridgeError({
            code: 'inbox_replay_failed',
            message: 'No answer from http://localhost:9999 (ECONNREFUSED).',
          })
        return { status: 204, durationMs: 3.2, responseExcerpt: '' }
      },
      clear: async () => {
        stored.length = 0
        return status
      },
    },
  })
  render(<WebhookInboxPanel />, { wrapper: providersFor(bridge) })
  const add = (d: InboxDelivery) => {
    stored.unshift(d)
    const { headers: _h, body: _b, ...summary } = d
    act(() => bridge.emit('inbox.delivery', summary))
  }
  return { bridge, add }
}

const deliveryList = () => screen.getByRole('list', { name: 'Deliveries' })

describe('WebhookInboxPanel', () => {
  it('lists deliveries with their signature state and adds a new one when it arrives', async () => {
    const { add } = renderInbox()
    await waitFor(() => expect(within(deliveryList()).getAllByRole('listitem')).toHaveLength(2))
    expect(within(deliveryList()).getByText('Signature valid')).toBeTruthy()
    expect(within(deliveryList()).getByText('Bad signature')).toBeTruthy()
    add(delivery('d3', 'missing'))
    await waitFor(() => expect(within(deliveryList()).getAllByRole('listitem')).toHaveLength(3))
    expect(within(deliveryList()).getByText('No signature')).toBeTruthy()
  })

  it('starts the receiver on the typed port and shows the address to point a tunnel at', async () => {
    const { bridge } = renderInbox()
    const port = await screen.findByRole('textbox', { name: 'Port' })
    fireEvent.change(port, { target: { value: 'eighty' } })
    expect(screen.getByText(/A port is a whole number/)).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Start receiver' }) as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(port, { target: { value: '0' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start receiver' }))
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Receiver address' }).textContent).toBe(
        'http://127.0.0.1:8977/',
      ),
    )
    expect(bridge.calls.find((c) => c.name === 'inbox.configure')?.request).toEqual({
      enabled: true,
      port: 0,
    })
    fireEvent.click(screen.getByRole('button', { name: 'Stop receiver' }))
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Receiver address' }).textContent).toBe('off'),
    )
  })

  it('says when the port is taken, and starts on another one', async () => {
    renderInbox()
    const port = await screen.findByRole('textbox', { name: 'Port' })
    fireEvent.change(port, { target: { value: '8080' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start receiver' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Port 8080 is in use'))
    expect(screen.getAllByRole('alert')).toHaveLength(1)
    expect(screen.getByRole('status', { name: 'Receiver address' }).textContent).toBe('not listening')
    expect(screen.getByRole('button', { name: 'Turn off' })).toBeTruthy()
    fireEvent.change(port, { target: { value: '8081' } })
    fireEvent.click(screen.getByRole('button', { name: 'Start receiver' }))
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Receiver address' }).textContent).toBe(
        'http://127.0.0.1:8977/',
      ),
    )
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('sends the secret once and never shows it back', async () => {
    const { bridge } = renderInbox()
    const input = (await screen.findByLabelText('Secret')) as HTMLInputElement
    expect(input.type).toBe('password')
    expect(screen.getByText('No secret: signatures are not checked.')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'top-secret' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save secret' }))
    await waitFor(() =>
      expect(screen.getByText('Signatures are checked with the saved secret.')).toBeTruthy(),
    )
    expect(input.value).toBe('')
    expect(document.body.textContent).not.toContain('top-secret')
    expect(bridge.calls.filter((c) => c.name === 'inbox.setSecret').map((c) => c.request)).toEqual([
      { secret: 'top-secret' },
    ])
    fireEvent.click(screen.getByRole('button', { name: 'Forget secret' }))
    await waitFor(() => expect(screen.getByText('No secret: signatures are not checked.')).toBeTruthy())
  })

  it('opens a delivery with its headers and body, and replays it to the URL typed', async () => {
    const { bridge } = renderInbox()
    await waitFor(() => expect(document.querySelector('[data-delivery-id="d1"]')).not.toBeNull())
    fireEvent.click(document.querySelector('[data-delivery-id="d1"]') as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Delivery' })
    expect(within(detail).getByText('x-rc-signature')).toBeTruthy()
    expect(within(detail).getByText('{"id":"event-d1","event":"process_run.completed"}')).toBeTruthy()
    const url = within(detail).getByRole('textbox', { name: 'Replay to' })
    fireEvent.change(url, { target: { value: 'http://localhost:4000/hook' } })
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }))
    await waitFor(() => expect(within(detail).getByRole('status').textContent).toContain('HTTP 204'))
    expect(bridge.calls.find((c) => c.name === 'inbox.replay')?.request).toEqual({
      deliveryId: 'd1',
      url: 'http://localhost:4000/hook',
      allowAnyUrl: false,
    })
  })

  it('does not offer to replay a delivery with a bad signature, and says why', async () => {
    renderInbox()
    await waitFor(() => expect(document.querySelector('[data-delivery-id="d2"]')).not.toBeNull())
    fireEvent.click(document.querySelector('[data-delivery-id="d2"]') as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Delivery' })
    expect((within(detail).getByRole('button', { name: 'Replay' }) as HTMLButtonElement).disabled).toBe(true)
    expect(within(detail).getByText(/signature does not check out/)).toBeTruthy()
  })

  it('shows a failed replay as a readable error', async () => {
    renderInbox()
    await waitFor(() => expect(document.querySelector('[data-delivery-id="d1"]')).not.toBeNull())
    fireEvent.click(document.querySelector('[data-delivery-id="d1"]') as HTMLElement)
    const detail = await screen.findByRole('region', { name: 'Delivery' })
    fireEvent.change(within(detail).getByRole('textbox', { name: 'Replay to' }), {
      target: { value: 'http://localhost:9999/' },
    })
    fireEvent.click(within(detail).getByRole('button', { name: 'Replay' }))
    await waitFor(() =>
      expect(within(detail).getByRole('alert').textContent).toContain(
        'Replay failed. No answer from http://localhost:9999 (ECONNREFUSED).',
      ),
    )
  })
})
