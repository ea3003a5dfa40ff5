/**
 * The app:// protocol handler against real files: it serves the built renderer folder and nothing
 * else (no `..`, encoded or not, no symlink out, no hidden files, no other host), with the right
 * MIME type and the CSP header. `electron` is mocked only because the module registers the scheme.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../../src/shared/content-security-policy'
import { electronMock, protocolHandlers } from '../../../support/electron-mock'
import { tempDir } from '../../../support/temp-dir'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { createAppProtocolHandler, isAppOrigin, mimeTypeOf, registerAppScheme, serveRenderer } = await import(
  '../../../../src/main/desktop/app-protocol'
)

/** A renderer folder with a page, assets, a secret beside it, a hidden file and a symlink out. */
async function renderer() {
  const base = await tempDir('robodeck-protocol-')
  const dir = join(base, 'renderer')
  await mkdir(join(dir, 'assets'), { recursive: true })
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Robodeck</title>')
  await writeFile(join(dir, 'assets', 'index-1.js'), 'console.log(1)')
  await writeFile(join(dir, 'assets', 'index-1.css'), 'body{}')
  await writeFile(join(dir, 'assets', 'logo.svg'), '<svg/>')
  await writeFile(join(dir, 'assets', 'data.bin'), 'x')
  await writeFile(join(dir, 'assets', 'a b.js'), 'spaced()')
  await writeFile(join(dir, '.env'), 'SECRET=1')
  await writeFile(join(base, 'secret.txt'), 'outside')
  await symlink(join(base, 'secret.txt'), join(dir, 'assets', 'link.txt'))
  return { dir, get: createAppProtocolHandler(dir) }
}

const request = (url: string, method = 'GET') => new Request(url, { method })

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme, and serves it', () => {
    registerAppScheme()
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ])
    serveRenderer('/opt/robodeck/out/renderer')
    expect(protocolHandlers.has('app')).toBe(true)
  })

  it('serves the page and its assets with their MIME types and the CSP header', async () => {
    const { get } = await renderer()
    for (const [url, type, body] of [
      ['app://robodeck/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Robodeck</title>'],
      ['app://robodeck/', 'text/html; charset=utf-8', '<!doctype html><title>Robodeck</title>'],
      ['app://robodeck/assets/index-1.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://robodeck/assets/index-1.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://robodeck/assets/logo.svg', 'image/svg+xml', '<svg/>'],
      ['app://robodeck/assets/data.bin', 'application/octet-stream', 'x'],
      ['app://robodeck/assets/a%20b.js', 'text/javascript; charset=utf-8', 'spaced()'],
      [
        'app://robodeck/index.html?x=1#y',
        'text/html; charset=utf-8',
        '<!doctype html><title>Robodeck</title>',
      ],
    ]) {
      const response = await get(request(url as string))
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type'), url).toBe(type)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await response.text(), url).toBe(body)
    }
    const head = await get(request('app://robodeck/index.html', 'HEAD'))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('serves nothing outside the renderer folder, however the path is spelled', async () => {
    const { get } = await renderer()
    for (const url of [
      'app://robodeck/../secret.txt',
      'app://robodeck/%2e%2e/secret.txt',
      'app://robodeck/%2E%2E%2Fsecret.txt',
      'app://robodeck/assets/..%2f..%2fsecret.txt',
      'app://robodeck/assets/..%5c..%5csecret.txt',
      'app://robodeck/..%5csecret.txt',
      'app://robodeck/%252e%252e/secret.txt',
      'app://robodeck/assets/link.txt',
      'app://robodeck/.env',
      'app://robodeck/assets/%2eenv',
      'app://robodeck/%00index.html',
      'app://robodeck/index.html%00.js',
      'app://robodeck/C:%5cWindows%5cwin.ini',
      'app://robodeck/%',
      'app://robodeck/assets',
      'app://robodeck/assets/',
      'app://robodeck//etc/passwd',
      'app://robodeck/missing.js',
      'app://elsewhere/index.html',
      'app://robodeck:1/index.html',
    ]) {
      const response = await get(request(url))
      expect(response.status, url).toBe(404)
      const text = await response.text()
      expect(text, url).not.toContain('outside')
      expect(text, url).not.toContain('SECRET')
    }
  })

  it('answers only GET and HEAD', async () => {
    const { get } = await renderer()
    for (const method of ['POST', 'PUT', 'DELETE'])
      expect((await get(request('app://robodeck/index.html', method))).status).toBe(405)
  })

  it('knows the app origin, and nothing that merely resembles it', () => {
    expect(isAppOrigin('app://robodeck/index.html')).toBe(true)
    expect(isAppOrigin('app://robodeck')).toBe(true)
    for (const url of [
      'app://robodeck.example/',
      'app://user@robodeck/',
      'https://robodeck/',
      'app:robodeck',
      'file:///robodeck',
      '',
    ])
      expect(isAppOrigin(url), url).toBe(false)
    expect(mimeTypeOf('x.WOFF2')).toBe('font/woff2')
    expect(mimeTypeOf('x.exe')).toBe('application/octet-stream')
  })
})
