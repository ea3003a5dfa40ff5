/**
 * The Host check (DNS rebinding) over raw sockets: what a browser on this machine sends is accepted,
 * every other name, spelling or repetition is refused before anything runs, token or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  httpRequest,
  isWebErrorBody,
  rawRequest,
  type SpiedWebServer,
  startSpiedWebServer,
} from './web-fixture'

let web: SpiedWebServer
beforeAll(async () => {
  web = await startSpiedWebServer()
})
afterAll(() => web.close())

const command = (headers: [string, string][]) =>
  httpRequest(
    'POST',
    '/bridge/commands/connections.list',
    [['Content-Type', 'application/json'], ['Authorization', `Bearer ${web.token}`], ...headers],
    '{}',
  )

describe('web mode: the Host header', () => {
  it('accepts the address it printed and localhost, in any letter case', async () => {
    for (const host of [
      web.host,
      `localhost:${web.port}`,
      `LOCALHOST:${web.port}`,
      `LocalHost:${web.port}`,
    ]) {
      const before = web.dispatched.length
      const response = await rawRequest(web.port, command([['Host', host]]))
      expect(response.status, host).toBe(200)
      expect(web.dispatched.length, host).toBe(before + 1)
    }
  })

  it('refuses any other name or spelling with 421, even with the token', async () => {
    const others = [
      'attacker.example',
      `attacker.example:${web.port}`,
      `localhost.:${web.port}`,
      `127.0.0.1.:${web.port}`,
      '127.0.0.1',
      'localhost',
      `127.0.0.1:${web.port + 1}`,
      `127.1:${web.port}`,
      `0x7f000001:${web.port}`,
      `[::1]:${web.port}`,
      `127.0.0.1:${web.port}@attacker.example`,
      '',
    ]
    for (const host of others) {
      const before = web.reached()
      const response = await rawRequest(web.port, command([['Host', host]]))
      expect(response.status, JSON.stringify(host)).toBe(421)
      expect(isWebErrorBody(response.body)).toBe(true)
      expect(web.reached(), host).toBe(before)
    }
  })

  it('refuses a repeated Host header in either order, and a missing one, with 400', async () => {
    const cases: [string, string][][] = [
      [
        ['Host', web.host],
        ['Host', 'attacker.example'],
      ],
      [
        ['Host', 'attacker.example'],
        ['Host', web.host],
      ],
      [
        ['Host', web.host],
        ['Host', web.host],
      ],
      [],
    ]
    for (const hosts of cases) {
      const before = web.reached()
      const response = await rawRequest(web.port, command(hosts))
      expect(response.status, JSON.stringify(hosts)).toBe(400)
      expect(JSON.parse(response.body).error.code).toBe('bad_host')
      expect(web.reached()).toBe(before)
    }
  })

  it('refuses an HTTP/1.0 request without a Host', async () => {
    const response = await rawRequest(web.port, 'GET / HTTP/1.0\r\n\r\n')
    expect(response.status).toBe(400)
    expect(isWebErrorBody(response.body)).toBe(true)
  })

  it('checks the Host of the renderer files too', async () => {
    const response = await rawRequest(web.port, httpRequest('GET', '/', [['Host', 'attacker.example']]))
    expect(response.status).toBe(421)
    expect(response.body).not.toContain('Robodeck')
  })
})
