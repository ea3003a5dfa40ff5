/** The push receiver's handler on its own: the order of its checks and the bound of its dedupe memory. */
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createPushHandler, REMEMBERED_EVENT_IDS } from '../../../../../src/main/core/webhooks/push-receiver'

const SECRET = 'push-secret'
const PATH = '/robodeck-push/m/r'

function handler(secret: string | null = SECRET) {
  const runs: string[] = []
  const handle = createPushHandler({
    path: PATH,
    secret: () => secret ?? undefined,
    workspaceId: () => 'ws',
    onRun: (runId) => runs.push(runId),
  })
  const deliver = (id: string, options: { sign?: string; path?: string; raw?: string } = {}) => {
    const body = Buffer.from(
      options.raw ??
        JSON.stringify({
          id,
          event: 'process_run.completed',
          payload: { workspaceId: 'ws', processRunId: `run-${id}` },
        }),
    )
    const signature = createHmac('sha256', options.sign ?? SECRET)
      .update(body)
      .digest('hex')
    return handle({
      method: 'POST',
      path: options.path ?? PATH,
      headers: { 'x-rc-signature': signature },
      rawHeaders: ['x-rc-signature', signature],
      body,
    })
  }
  return { runs, deliver }
}

describe('push receiver', () => {
  it('checks the path, then readiness, then the signature, then the envelope', () => {
    expect(handler().deliver('a', { path: '/elsewhere' }).status).toBe(404)
    expect(handler(null).deliver('a').status).toBe(503)
    expect(handler().deliver('a', { sign: 'wrong' }).status).toBe(401)
    expect(handler().deliver('a', { raw: '{"not":"an event"}' }).status).toBe(400)
    expect(handler().deliver('a', { raw: 'not json' }).status).toBe(400)
    const { runs, deliver } = handler()
    expect(deliver('a')).toEqual({ status: 200, body: { received: true } })
    expect(runs).toEqual(['run-a'])
  })

  it('remembers the last REMEMBERED_EVENT_IDS ids, and no more', () => {
    const { runs, deliver } = handler()
    deliver('first')
    expect(deliver('first').body).toEqual({ duplicate: true })
    for (let i = 0; i < REMEMBERED_EVENT_IDS; i++) deliver(`e${i}`)
    expect(runs).toHaveLength(REMEMBERED_EVENT_IDS + 1)
    // The oldest id was dropped to keep the bound: it is taken again (the watcher's memory still
    // keeps a second announcement from happening).
    expect(deliver('first').body).toEqual({ received: true })
    expect(deliver(`e${REMEMBERED_EVENT_IDS - 1}`).body).toEqual({ duplicate: true })
  })

  it('does not remember the id of a delivery it refused', () => {
    const { runs, deliver } = handler()
    expect(deliver('x', { sign: 'forged' }).status).toBe(401)
    expect(deliver('x').body).toEqual({ received: true })
    expect(runs).toEqual(['run-x'])
  })
})
