/**
 * The room's own OpenAPI document (GET /api/v1/openapi.json) and an interactive documentation page
 * (GET /docs): Swagger UI from the bundled swagger-ui-dist package, no CDN, under a strict CSP.
 * A handful of named files are read from the package (rather than @fastify/static over its folder)
 * so nothing else in node_modules is reachable.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LOCAL_ROOM_DOCS_PATH } from '../../shared/local-room-bootstrap'
import { API_PREFIX, type RoomContext } from '../context'
import { notFound } from '../http/errors'
import { buildOpenApiDocument, buildPaths } from '../http/openapi'
import { requestOrigin } from '../http/pagination'
import { routeDefiner } from '../http/route-definition'

/** Where the document is served. */
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`

/** No remote origin anywhere; Swagger UI needs inline styles and data: images, nothing more. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The swagger-ui-dist files the page uses, with their types. */
const UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

// In a file, not inline: the CSP allows no inline script.
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    persistAuthorization: false,
    validatorUrl: null,
  });
});
`

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Local Control Room API</title>
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<style>.robodeck-note{font-family:sans-serif;margin:1em 2em;padding:.75em 1em;background:#f3f6fa;border-radius:4px}</style>
</head>
<body>
<p class="robodeck-note">To try an operation, press <b>Authorize</b> and paste the whole header value,
<code>RC-WSKEY &lt;your API key&gt;</code> (the scheme is an API key in the <code>Authorization</code> header).
The key stays in this page only; reloading forgets it.</p>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body>
</html>
`

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local Control Room API</title></head>
<body><p>The interactive documentation needs the <code>swagger-ui-dist</code> package, which is not installed.
The OpenAPI document is at <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</p></body></html>
`

/** The swagger-ui-dist folder, or null when the package is not installed. */
export function swaggerUiDir(): string | null {
  try {
    return dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'))
  } catch {
    return null
  }
}

/** Registers the routes (in the open scope). */
export function registerDocsRoutes(open: FastifyInstance, ctx: RoomContext): void {
  const route = routeDefiner(open, ctx.routes, '')
  // After every route is registered, so computed on first use; servers[] follows the caller's origin.
  let built: ReturnType<typeof buildPaths> | undefined
  const files = new Map<string, Buffer>()

  route(
    {
      method: 'GET',
      url: OPENAPI_PATH,
      operationId: 'getOpenApiDocument',
      summary: "The local Control Room's OpenAPI document",
      tag: 'documentation',
      auth: 'public',
      response: z.record(z.string(), z.unknown()).describe('An OpenAPI 3.0 document'),
    },
    async ({ request }) => {
      built ??= buildPaths(ctx.routes.routes)
      return buildOpenApiDocument(built, requestOrigin(request, ctx.origin()))
    },
  )

  route(
    {
      method: 'GET',
      url: LOCAL_ROOM_DOCS_PATH,
      operationId: 'getDocumentationPage',
      summary: 'Interactive API documentation',
      tag: 'documentation',
      auth: 'public',
      hidden: true,
    },
    async ({ reply }) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', DOCS_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(swaggerUiDir() ? PAGE : MISSING_PAGE),
  )

  route(
    {
      method: 'GET',
      url: '/docs/:file',
      operationId: 'getDocumentationAsset',
      summary: 'A file of the documentation page',
      tag: 'documentation',
      auth: 'public',
      hidden: true,
      params: z.object({ file: z.string() }),
      errors: [404],
    },
    async ({ params, reply }) => {
      reply.header('content-security-policy', DOCS_CSP).header('x-content-type-options', 'nosniff')
      if (params.file === 'docs-init.js')
        return reply.type('text/javascript; charset=utf-8').send(INIT_SCRIPT)
      const type = Object.hasOwn(UI_FILES, params.file) ? UI_FILES[params.file] : undefined
      const dir = swaggerUiDir()
      if (!type || !dir) throw notFound(`No documentation file ${params.file.slice(0, 100)}`)
      let content = files.get(params.file)
      if (!content) {
        content = await readFile(join(dir, params.file))
        files.set(params.file, content)
      }
      return reply.type(type).header('cache-control', 'public, max-age=3600').send(content)
    },
  )
}
