/**
 * Random requests against web mode's bridge over raw sockets: request targets spelled every way a
 * router might decode (percent-encoding per letter, double encoding, case, dot segments, encoded and
 * doubled separators, absolute-form), any method, and the Host and Authorization headers missing,
 * wrong, repeated or right. Properties: nothing reaches a bridge handler (dispatcher or event bus)
 * without the right token, the right Host and a path target; no 5xx; every error has the
 * `{ok:false,error:{code,message}}` shape; the server stays up.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DOTFILE_SECRET,
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

const hex = (char: string) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`

/**
 * A word as is, or with each letter as is, upper-cased, percent-encoded (either hex case) or
 * double-encoded; weighted towards spellings that still decode to the word, so that enough routes.
 */
const spelled = (word: string) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(word) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          ...[...word].map((char) =>
            fc.oneof(
              { weight: 5, arbitrary: fc.constant(char) },
              { weight: 1, arbitrary: fc.constantFrom(hex(char), hex(char).toUpperCase()) },
              { weight: 1, arbitrary: fc.constantFrom(char.toUpperCase(), `%25${hex(char).slice(1)}`) },
            ),
          ),
        )
        .map((letters) => letters.join('')),
    },
  )

/** Mostly a plain slash, so that enough targets route; otherwise a separator a router may fold. */
const separator = fc.oneof(
  { weight: 8, arbitrary: fc.constant('/') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('//', '/./', '/../', '%2F', '%2f', '\\', '%5C', '/;x/', '/%2e/', '/x/../'),
  },
)

/** Printable ASCII without CR/LF, so that nothing random can frame a header of its own. */
const printable = (maxLength: number) =>
  fc.string({ maxLength }).map((text) => text.replace(/[^\x20-\x7e]/g, ''))

/** What the target is spelled after, and the method that route takes (mostly sent, not always). */
const intent = fc.constantFrom(
  { route: 'commands', method: 'POST' },
  { route: 'events', method: 'GET' },
  { route: 'file', method: 'GET' },
)

const otherMethod = fc.constantFrom(
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'TRACE',
  'get',
  'BREW',
)

const target = (route: string) =>
  fc
    .record({
      prefix: fc.oneof(
        { weight: 6, arbitrary: fc.constant('') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'http://127.0.0.1:PORT',
            'HTTP://localhost:PORT',
            'http://attacker.example',
            'https://127.0.0.1:PORT',
            '*',
          ),
        },
      ),
      path:
        route === 'file'
          ? fc
              .tuple(
                separator,
                fc.constantFrom('.env', '%2eenv', '../.env', 'index.html', 'assets/app.js', 'x'),
              )
              .map((parts) => parts.join(''))
          : fc
              .tuple(
                separator,
                spelled('bridge'),
                separator,
                route === 'events'
                  ? spelled('events')
                  : fc
                      .tuple(
                        spelled('commands'),
                        separator,
                        fc.constantFrom(
                          'connections.list',
                          'processes.launch',
                          'app.info',
                          'runs.list',
                          'x.y',
                          '',
                        ),
                      )
                      .map((parts) => parts.join('')),
              )
              .map((parts) => parts.join('')),
      suffix: fc.oneof(
        { weight: 6, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constantFrom('/', '?a=1', '?token=x', '#x', ';p', '%00', '%', '%zz') },
        { weight: 1, arbitrary: printable(6).map((text) => text.replace(/ /g, '')) },
      ),
    })
    .map(({ prefix, path, suffix }) => ({ text: `${prefix}${path}${suffix}`, prefix }))

type HostChoice =
  | 'own'
  | 'localhost-upper'
  | 'attacker'
  | 'trailing-dot'
  | 'none'
  | 'repeated'
  | 'own-then-attacker'
type AuthChoice =
  | 'right'
  | 'none'
  | 'wrong'
  | 'lowercase-scheme'
  | 'repeated'
  | 'right-then-wrong'
  | 'in-query'

/** An extra header that passes Node's parser, so that the request gets as far as the guards. */
const extraHeader = fc.tuple(
  fc
    .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/)
    // Not the headers under test, nor ones that change the framing or hold the connection open.
    .filter(
      (name) =>
        !/^(host|authorization|content-length|transfer-encoding|connection|expect|upgrade)$/i.test(name),
    ),
  printable(30),
)

const request = intent.chain(({ route, method }) =>
  fc.record({
    method: fc.oneof({ weight: 3, arbitrary: fc.constant(method) }, { weight: 1, arbitrary: otherMethod }),
    target: target(route),
    host: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom<HostChoice>('own', 'localhost-upper') },
      {
        weight: 2,
        arbitrary: fc.constantFrom<HostChoice>(
          'attacker',
          'trailing-dot',
          'none',
          'repeated',
          'own-then-attacker',
        ),
      },
    ),
    auth: fc.oneof(
      { weight: 4, arbitrary: fc.constant<AuthChoice>('right') },
      {
        weight: 3,
        arbitrary: fc.constantFrom<AuthChoice>(
          'none',
          'wrong',
          'lowercase-scheme',
          'repeated',
          'right-then-wrong',
          'in-query',
        ),
      },
    ),
    contentType: fc.oneof(
      { weight: 3, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', '') },
    ),
    body: fc.oneof(
      { weight: 3, arbitrary: fc.constant('{}') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('', '{"connectionId":"local","processId":"p"}', 'not json', '[[[['),
      },
    ),
    extra: fc.array(extraHeader, { maxLength: 2 }),
  }),
)

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never

function hostHeaders(choice: HostChoice): [string, string][] {
  const own = web.host
  const table: Record<HostChoice, [string, string][]> = {
    own: [['Host', own]],
    'localhost-upper': [['Host', `LOCALHOST:${web.port}`]],
    attacker: [['Host', 'attacker.example']],
    'trailing-dot': [['Host', `localhost.:${web.port}`]],
    none: [],
    repeated: [
      ['Host', own],
      ['Host', own],
    ],
    'own-then-attacker': [
      ['Host', own],
      ['Host', 'attacker.example'],
    ],
  }
  return table[choice]
}

function authHeaders(choice: AuthChoice): [string, string][] {
  const right: [string, string] = ['Authorization', `Bearer ${web.token}`]
  const table: Record<AuthChoice, [string, string][]> = {
    right: [right],
    none: [],
    wrong: [['Authorization', 'Bearer not-the-token']],
    'lowercase-scheme': [['Authorization', `bearer ${web.token}`]],
    repeated: [right, right],
    'right-then-wrong': [right, ['Authorization', 'Bearer x']],
    'in-query': [],
  }
  return table[choice]
}

function build(input: FuzzRequest): string {
  let text = input.target.text.replace('PORT', String(web.port))
  if (input.auth === 'in-query') text += `${text.includes('?') ? '&' : '?'}token=${web.token}`
  // Random extra headers may not spoof the two under test.
  const extra = input.extra.filter(
    ([name]) => !/^(host|authorization|content-length|transfer-encoding)$/i.test(name),
  )
  const headers = [...hostHeaders(input.host), ...authHeaders(input.auth), ...extra]
  if (input.contentType) headers.push(['Content-Type', input.contentType])
  return httpRequest(input.method, text, headers, input.body)
}

/** What a request must have to be allowed to reach a bridge handler at all. */
const mayReach = (input: FuzzRequest) =>
  input.auth === 'right' &&
  (input.host === 'own' || input.host === 'localhost-upper') &&
  input.target.prefix === '' &&
  (input.method === 'GET' || input.method === 'POST')

describe('web mode bridge under random requests', () => {
  it('lets nothing through without the token, answers every error in shape, never a 5xx', async () => {
    let reachedAtAll = 0
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const sent = build(input)
        const before = web.reached()
        const response = await rawRequest(web.port, sent)
        const reached = web.reached() > before
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        if (reached) reachedAtAll += 1
        const context = JSON.stringify(sent.slice(0, 300))
        if (reached) expect(mayReach(input), context).toBe(true)
        expect(response.status, context).toBeGreaterThanOrEqual(200)
        expect(response.status, context).toBeLessThan(500)
        if (response.status >= 400 && input.method !== 'HEAD')
          expect(isWebErrorBody(response.body), `${context} -> ${response.body}`).toBe(true)
        expect(response.body).not.toContain(DOTFILE_SECRET)
      }),
      { numRuns: 400 },
    )
    // The generator must also produce requests that do get through, or the property says nothing.
    expect(reachedAtAll, JSON.stringify([...statuses])).toBeGreaterThan(0)
    await expectStillServing()
  })

  it('answers random bytes in the request line and headers with a 4xx in shape', async () => {
    const garbage = fc.record({
      method: printable(8),
      target: printable(40),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''),
      headers: fc.array(fc.tuple(printable(10), printable(20)), { maxLength: 3 }),
    })
    await fc.assert(
      fc.asyncProperty(garbage, async ({ method, target, version, headers }) => {
        const lines = [
          `${method} ${target} ${version}`,
          `Host: ${web.host}`,
          ...headers.map(([n, v]) => `${n}: ${v}`),
        ]
        const before = web.reached()
        const response = await rawRequest(web.port, `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`)
        const context = JSON.stringify(lines)
        expect(web.reached(), context).toBe(before)
        expect(response.status, context).toBeGreaterThanOrEqual(200)
        expect(response.status, context).toBeLessThan(500)
        if (response.status >= 400 && method !== 'HEAD')
          expect(isWebErrorBody(response.body), `${context} -> ${response.body}`).toBe(true)
      }),
      { numRuns: 200 },
    )
    await expectStillServing()
  })
})

async function expectStillServing() {
  const page = await rawRequest(web.port, httpRequest('GET', '/', [['Host', web.host]]))
  expect(page.status).toBe(200)
  const command = await rawRequest(
    web.port,
    httpRequest(
      'POST',
      '/bridge/commands/connections.list',
      [
        ['Host', web.host],
        ['Authorization', `Bearer ${web.token}`],
        ['Content-Type', 'application/json'],
      ],
      '{}',
    ),
  )
  expect(JSON.parse(command.body)).toEqual({ ok: true, value: [] })
}
