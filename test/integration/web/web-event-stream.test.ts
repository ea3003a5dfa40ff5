/**
 * The event stream outlives neither its client nor the server, and nothing written to it after its
 * end can crash web mode: a write after end emits an 'error' that, unhandled, ends the process.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runSummary } from '../../support/fixtures'
import { httpRequest, type SpiedWebServer, startSpiedWebServer } from './web-fixture'

/** Opens the event stream with the token on a raw socket; resolves once it is subscribed. */
function openStream(web: SpiedWebServer): Promise<{ socket: Socket; received: () => string }> {
  return new Promise((resolve, reject) => {
    let received = ''
    const socket = connect(web.port, '127.0.0.1', () =>
      socket.write(
        httpRequest('GET', '/bridge/events', [
          ['Host', web.host],
          ['Authorization', `Bearer ${web.token}`],
        ]).replace('Connection: close\r\n', ''),
      ),
    )
    socket.on('data', (chunk) => {
      received += chunk
      if (received.includes(': connected')) resolve({ socket, received: () => received })
    })
    socket.on('error', reject)
  })
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition() && waited < 2_000; waited += 10)
    await new Promise((r) => setTimeout(r, 10))
}

let web: SpiedWebServer | undefined
let crashes: unknown[] = []
const recordCrash = (error: unknown) => crashes.push(error)
beforeEach(() => {
  crashes = []
  process.on('uncaughtException', recordCrash)
})
afterEach(async () => {
  process.off('uncaughtException', recordCrash)
  await web?.close()
  web = undefined
})

describe('web mode event stream', () => {
  it('survives an event emitted while the server is ending its streams', async () => {
    const started = await startSpiedWebServer()
    const { socket } = await openStream(started)
    const closing = started.close() // ends the streams synchronously, then waits for the server
    started.events.emit('run.finished', runSummary())
    await closing
    await new Promise((r) => setTimeout(r, 50))
    socket.destroy()
    expect(crashes).toEqual([])
    expect(started.activeSubscriptions()).toBe(0)
  })

  it('delivers events while open and unsubscribes when the client goes away', async () => {
    web = await startSpiedWebServer()
    const { socket, received } = await openStream(web)
    const run = runSummary()
    web.events.emit('run.finished', run)
    await until(() => received().includes('event: run.finished'))
    expect(received()).toContain(`data: ${JSON.stringify(run)}`)
    expect(web.activeSubscriptions()).toBe(1)
    socket.destroy()
    await until(() => web?.activeSubscriptions() === 0)
    expect(web.activeSubscriptions()).toBe(0)
    web.events.emit('run.finished', run)
    await new Promise((r) => setTimeout(r, 50))
    expect(crashes).toEqual([])
  })
})
