/**
 * The token guards every way a request can reach a bridge handler. The router decodes and
 * normalises the request target, so each spelling below is sent byte for byte on a raw socket; a
 * spy on the dispatcher and on the event bus says whether anything got through.
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

/** `routes`: the router takes this spelling to the bridge handler, so only the token stands in the way. */
const commandTargets: { target: string; routes: boolean }[] = [
  { target: '/%62ridge/commands/connections.list', routes: true },
  { target: '/%62%72%69%64%67%65/commands/connections.list', routes: true },
  { target: '/%62RIDGE/commands/connections.list', routes: false },
  { target: '/bridge/%63ommands/connections.list', routes: true },
  { target: '/bridge/commands/%63onnections.list', routes: true },
  { target: '/bridge/commands/connections%2Elist', routes: true },
  { target: '/bridge/commands/connections.list?token=x', routes: true },
  { target: '/bridge%2Fcommands%2Fconnections.list', routes: false },
  { target: '/bridge%2fcommands/connections.list', routes: false },
  { target: '/%2562ridge/commands/connections.list', routes: false },
  { target: '//bridge/commands/connections.list', routes: false },
  { target: '/./bridge/commands/connections.list', routes: false },
  { target: '/bridge/../bridge/commands/connections.list', routes: false },
  { target: '/bridge/commands/../commands/connections.list', routes: false },
  { target: '/BRIDGE/commands/connections.list', routes: false },
  { target: '/Bridge/commands/connections.list', routes: false },
  { target: '/bridge/commands/connections.list/', routes: false },
  { target: '/bridge;x/commands/connections.list', routes: false },
  { target: '/bridge/commands/connections.list;x', routes: true },
  { target: '/bridge/commands/processes%2Flaunch', routes: true },
]

const absoluteTargets = (port: number) => [
  `http://127.0.0.1:${port}/bridge/commands/connections.list`,
  `HTTP://127.0.0.1:${port}/bridge/commands/connections.list`,
  `http://localhost:${port}/bridge/commands/connections.list`,
  `https://127.0.0.1:${port}/bridge/commands/connections.list`,
  `http://127.0.0.1:${port}/%62ridge/commands/connections.list`,
  'http://attacker.example/bridge/commands/connections.list',
  `http://attacker.example@127.0.0.1:${port}/bridge/commands/connections.list`,
]

const eventTargets = (port: number) => [
  '/%62ridge/events',
  '/bridge/%65vents',
  '/bridge/events?x=1',
  '/bridge/events/',
  '//bridge/events',
  `http://127.0.0.1:${port}/bridge/events`,
  'http://attacker.example/bridge/events',
]

const post = (target: string, headers: [string, string][]) =>
  httpRequest('POST', target, [['Content-Type', 'application/json'], ...headers], '{}')

describe('web mode: a command needs the token however its path is spelled', () => {
  it.each(commandTargets)('POST $target without the token reaches no handler', async ({ target }) => {
    const before = web.reached()
    const response = await rawRequest(web.port, post(target, [['Host', web.host]]))
    expect(web.reached()).toBe(before)
    expect([401, 404]).toContain(response.status)
    expect(isWebErrorBody(response.body)).toBe(true)
  })

  it.each(commandTargets.filter((each) => each.routes))(
    'POST $target with the token reaches the handler (the spelling is a real route)',
    async ({ target }) => {
      const before = web.dispatched.length
      const response = await rawRequest(
        web.port,
        post(target, [
          ['Host', web.host],
          ['Authorization', `Bearer ${web.token}`],
        ]),
      )
      expect(response.status).toBe(200)
      expect(web.dispatched.length).toBe(before + 1)
    },
  )

  it('refuses every absolute-form request target, whatever origin it names, with the token or without', async () => {
    for (const target of absoluteTargets(web.port)) {
      for (const auth of [[], [['Authorization', `Bearer ${web.token}`]]] as [string, string][][]) {
        const before = web.reached()
        const response = await rawRequest(web.port, post(target, [['Host', web.host], ...auth]))
        expect(web.reached(), target).toBe(before)
        expect(response.status, target).toBe(400)
        expect(JSON.parse(response.body).error.code, target).toBe('bad_request_target')
      }
    }
  })

  it('launches nothing through an encoded path without the token', async () => {
    const response = await rawRequest(
      web.port,
      httpRequest(
        'POST',
        '/%62ridge/commands/processes.launch',
        [
          ['Host', web.host],
          ['Content-Type', 'application/json'],
        ],
        JSON.stringify({ connectionId: 'local', processId: 'p' }),
      ),
    )
    expect(response.status).toBe(401)
    expect(web.dispatched).not.toContain('processes.launch')
  })

  it('refuses before reading a byte of the body: an announced body is never waited for', async () => {
    for (const target of ['/bridge/commands/connections.list', '/%62ridge/commands/processes.launch']) {
      // The body is announced but never sent: only an answer given before reading it arrives.
      const headersOnly = [
        `POST ${target} HTTP/1.1`,
        `Host: ${web.host}`,
        'Content-Type: application/json',
        // Under the body limit, so that only the order of the checks decides.
        'Content-Length: 1000000',
        'Connection: close',
      ].join('\r\n')
      const response = await rawRequest(web.port, `${headersOnly}\r\n\r\n`, { timeoutMs: 5_000 })
      expect(response.status, target).toBe(401)
      expect(isWebErrorBody(response.body)).toBe(true)
    }
  })
})

describe('web mode: the event stream needs the token however its path is spelled', () => {
  it('subscribes nothing for any spelling without the token', async () => {
    for (const target of eventTargets(web.port)) {
      const before = web.subscriptions()
      const response = await rawRequest(web.port, httpRequest('GET', target, [['Host', web.host]]))
      expect(web.subscriptions(), target).toBe(before)
      expect([400, 401], target).toContain(response.status)
      expect(isWebErrorBody(response.body), target).toBe(true)
    }
  })

  it('subscribes for an encoded spelling with the token (so the refusal above is the guard)', async () => {
    const before = web.subscriptions()
    const response = await rawRequest(
      web.port,
      httpRequest('GET', '/%62ridge/events', [
        ['Host', web.host],
        ['Authorization', `Bearer ${web.token}`],
      ]),
    )
    expect(response.status).toBe(200)
    expect(response.body).toContain(': connected')
    expect(web.subscriptions()).toBe(before + 1)
  })

  it('never subscribes for a HEAD, which would hold a stream it never reads', async () => {
    const before = web.subscriptions()
    const response = await rawRequest(
      web.port,
      httpRequest('HEAD', '/bridge/events', [
        ['Host', web.host],
        ['Authorization', `Bearer ${web.token}`],
      ]),
    )
    expect(response.status).toBe(404)
    expect(web.subscriptions()).toBe(before)
  })
})

describe('web mode: the token itself', () => {
  const wrongTokens = (token: string): [string, string][][] => [
    [],
    [['Authorization', 'Bearer']],
    [['Authorization', `bearer ${token}`]],
    [['Authorization', `Bearer  ${token}`]],
    [['Authorization', `Bearer ${token}x`]],
    [['Authorization', `Basic ${token}`]],
    [['Authorization', token]],
    // Node keeps only the first of repeated Authorization headers: either order must be refused.
    [
      ['Authorization', `Bearer ${token}`],
      ['Authorization', 'Bearer wrong'],
    ],
    [
      ['Authorization', 'Bearer wrong'],
      ['Authorization', `Bearer ${token}`],
    ],
  ]

  it('refuses every other spelling or repetition of the header', async () => {
    for (const auth of wrongTokens(web.token)) {
      const before = web.reached()
      const response = await rawRequest(
        web.port,
        post('/bridge/commands/connections.list', [['Host', web.host], ...auth]),
      )
      expect(web.reached(), JSON.stringify(auth)).toBe(before)
      expect(response.status, JSON.stringify(auth)).toBe(401)
    }
  })

  it('is needed for methods without a route, and for paths with none (default-deny)', async () => {
    const before = web.reached()
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      for (const target of ['/bridge/commands/connections.list', '/bridge/events', '/anything']) {
        const refused = await rawRequest(web.port, httpRequest(method, target, [['Host', web.host]]))
        expect(refused.status, `${method} ${target}`).toBe(401)
        expect(isWebErrorBody(refused.body)).toBe(true)
        const missing = await rawRequest(
          web.port,
          httpRequest(method, target, [
            ['Host', web.host],
            ['Authorization', `Bearer ${web.token}`],
          ]),
        )
        expect(missing.status, `${method} ${target}`).toBe(404)
        expect(isWebErrorBody(missing.body)).toBe(true)
      }
    }
    expect(web.reached()).toBe(before)
  })

  it('answers a CORS preflight without any access-control header, so no other site can send the token', async () => {
    const response = await rawRequest(
      web.port,
      httpRequest('OPTIONS', '/bridge/commands/connections.list', [
        ['Host', web.host],
        ['Origin', 'http://attacker.example'],
        ['Access-Control-Request-Method', 'POST'],
        ['Access-Control-Request-Headers', 'authorization,content-type'],
      ]),
    )
    expect(response.status).toBe(401)
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([])
  })
})
