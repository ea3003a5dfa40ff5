/**
 * What web mode serves without the token: the files of the built renderer, and nothing else, however
 * a path is spelled (traversal, encoded separators, dotfiles). Everything else needs the token.
 */
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

const get = (target: string, headers: [string, string][] = [], method = 'GET') =>
  rawRequest(web.port, httpRequest(method, target, [['Host', web.host], ...headers]))

describe('web mode: the renderer files', () => {
  it('serves the page and its assets without the token, with the security headers', async () => {
    for (const target of ['/', '/index.html', '/%69ndex.html', '/assets/app.js']) {
      const response = await get(target)
      expect(response.status, target).toBe(200)
      expect(response.headers['content-security-policy'], target).toContain("frame-ancestors 'none'")
      expect(response.headers['x-content-type-options']).toBe('nosniff')
    }
    const head = await get('/', [], 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('never serves a dotfile or anything outside the folder, with the token or without', async () => {
    const targets = [
      '/.env',
      '/%2eenv',
      '/%2Eenv',
      '/assets/../.env',
      '/assets/%2e%2e/.env',
      '/assets/..%2f.env',
      '/assets%2f..%2f.env',
      '/assets/..%5c.env',
      '/assets\\..\\.env',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/assets/%252e%252e/.env',
      '/index.html/../.env',
      '/.',
      '/..',
    ]
    for (const auth of [[], [['Authorization', `Bearer ${web.token}`]]] as [string, string][][]) {
      for (const target of targets) {
        const response = await get(target, auth)
        expect(response.status, target).toBeGreaterThanOrEqual(400)
        expect(response.status, target).toBeLessThan(500)
        expect(response.body, target).not.toContain(DOTFILE_SECRET)
        expect(response.body, target).not.toContain('root:')
        expect(isWebErrorBody(response.body), target).toBe(true)
      }
    }
  })

  it('needs the token for a path that is not a renderer file, and answers 404 with it', async () => {
    for (const target of ['/missing.js', '/assets/', '/index.html/', '/assets/app.js/', '/index.htm']) {
      const refused = await get(target)
      expect(refused.status, target).toBe(401)
      expect(isWebErrorBody(refused.body)).toBe(true)
      const missing = await get(target, [['Authorization', `Bearer ${web.token}`]])
      expect(missing.status, target).toBe(404)
      expect(isWebErrorBody(missing.body)).toBe(true)
    }
  })
})

describe('web mode: requests Node refuses before any route', () => {
  it('answers each in the error shape and stays up', async () => {
    const cases: { request: string; status: number }[] = [
      { request: `BREW / HTTP/1.1\r\nHost: ${web.host}\r\n\r\n`, status: 400 },
      { request: `GET / HTTP/1.1\r\nHost: ${web.host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
      { request: `GET / HTTP/1.1\r\nHost: ${web.host}\r\nBad Header\r\n\r\n`, status: 400 },
      { request: `GET /%zz HTTP/1.1\r\nHost: ${web.host}\r\nConnection: close\r\n\r\n`, status: 400 },
      { request: `OPTIONS * HTTP/1.1\r\nHost: ${web.host}\r\nConnection: close\r\n\r\n`, status: 400 },
      { request: `CONNECT 127.0.0.1:${web.port} HTTP/1.1\r\nHost: ${web.host}\r\n\r\n`, status: 405 },
      { request: 'not http at all\r\n\r\n', status: 400 },
    ]
    for (const { request, status } of cases) {
      const response = await rawRequest(web.port, request)
      expect(response.status, request.slice(0, 40)).toBe(status)
      expect(isWebErrorBody(response.body), request.slice(0, 40)).toBe(true)
    }
    expect((await get('/')).status).toBe(200)
    expect(web.reached()).toBe(0)
  })
})
