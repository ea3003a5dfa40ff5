/**
 * The renderer is served from a privileged custom scheme, `app://robodeck/…`, not from file://. The
 * app then has one stable origin to trust (IPC senders, navigation), instead of file:// URLs built by
 * Node and compared with the ones Chromium canonicalised (a drive letter's case on Windows was enough
 * to refuse every command), and file:// needs none of its extra privileges. Only the built renderer
 * folder is served: every path is checked to stay inside it, symlinks included.
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import { protocol } from 'electron'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/content-security-policy'

export const APP_SCHEME = 'app'
export const APP_HOST = 'robodeck'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The types the renderer build emits, and a few a page may reference; anything else is served as
 * bytes the page cannot run. A table rather than a MIME library: the set is small and fixed, and an
 * unknown extension must never guess its way to something executable.
 */
const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** Declares the scheme; Electron allows this only before `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: a real origin (so 'self' in the CSP and relative URLs work); secure: a secure
      // context like https. Nothing that would loosen the page: no bypassCSP, no service workers.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Whether url is on the app's origin (app://robodeck), however Chromium spelled the rest. */
export function isAppOrigin(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  // Node gives non-special schemes no tuple origin ("null"), so the parts are compared instead.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/**
 * The file under rendererDir that a URL's path names, or null when it names none: a segment that
 * decodes to `.`, `..`, something hidden, or holding a separator, NUL or a drive colon is refused
 * before the file system is asked anything.
 */
export function rendererPath(rendererDir: string, pathname: string): string | null {
  if (pathname === '/') return join(rendererDir, 'index.html')
  const segments: string[] = []
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment === '' || segment.startsWith('.')) return null
    if (/[/\\\0:]/.test(segment)) return null
    segments.push(segment)
  }
  const path = join(rendererDir, ...segments)
  return isInside(rendererDir, path) ? path : null
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

const HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
}

const answer = (status: number, text: string) =>
  new Response(text, { status, headers: { ...HEADERS, 'content-type': 'text/plain; charset=utf-8' } })

/** The handler for app:// requests, serving files from rendererDir only. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed')
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return answer(400, 'Bad request')
    }
    if (!isAppOrigin(url.href)) return answer(404, 'Not found')
    const path = rendererPath(rendererDir, url.pathname)
    if (!path) return answer(404, 'Not found')
    try {
      // A symlink inside the folder must not lead out of it.
      const [root, real] = await Promise.all([realpath(rendererDir), realpath(path)])
      if (!isInside(root, real) || !(await stat(real)).isFile()) return answer(404, 'Not found')
      const body = request.method === 'HEAD' ? null : await readFile(real)
      return new Response(body, { status: 200, headers: { ...HEADERS, 'content-type': mimeTypeOf(real) } })
    } catch {
      return answer(404, 'Not found')
    }
  }
}

/** Serves the built renderer on app://robodeck; call once, after `ready`. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
}
