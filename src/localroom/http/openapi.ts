/**
 * The room's own OpenAPI 3.0 document, generated from its route declarations (route-definition.ts):
 * paths, parameters, bodies and responses come from each route's zod schemas, security from its
 * auth mode and permission. So the document describes what the server does, never the official
 * spec (which stays out of the repository).
 */
import { z } from 'zod'
import type { Permission } from '../../shared/permissions'
import type { DeclaredRoute, RouteSpec } from './route-definition'
import { ErrorResponse } from './schemas'

type Json = Record<string, unknown>

/** The security scheme names (the first is the official spec's own). */
export const API_KEY_SCHEME = 'API Key with permissions'
export const USER_CREDENTIAL_SCHEME = 'User access credential'
export const QUERY_TOKEN_SCHEME = 'API Key in query'
export const ROBOT_TOKEN_SCHEME = 'Robot token'

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  501: 'Not Implemented',
}

/** A zod schema as an OpenAPI 3.0 schema object. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Json
}

/** `/workspaces/:workspace_id` → `/workspaces/{workspace_id}` (dropping any fastify regex). */
export function openApiPath(prefix: string, url: string): string {
  return `${prefix}${url}`.replace(/:(\w+)(\([^)]*\))?/g, '{$1}')
}

function parameters(spec: RouteSpec, path: string): Json[] {
  const result: Json[] = []
  const pathSchema = spec.params ? schemaOf(spec.params, 'input') : {}
  const pathProps = (pathSchema.properties ?? {}) as Record<string, Json>
  for (const match of path.matchAll(/\{(\w+)\}/g)) {
    const name = match[1] as string
    const { description, ...schema } = pathProps[name] ?? { type: 'string' }
    result.push({ name, in: 'path', required: true, schema, ...(description ? { description } : {}) })
  }
  if (spec.query) {
    const query = schemaOf(spec.query, 'input')
    const required = new Set((query.required as string[] | undefined) ?? [])
    for (const [name, prop] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
      const { description, ...schema } = prop
      result.push({
        name,
        in: 'query',
        required: required.has(name),
        schema,
        ...(description ? { description } : {}),
      })
    }
  }
  return result
}

function security(spec: RouteSpec, permissions: readonly Permission[]): Json[] {
  const auth = spec.auth ?? 'api-key'
  if (auth === 'api-key') return [{ [API_KEY_SCHEME]: [...permissions] }]
  if (auth === 'user-credential') return [{ [USER_CREDENTIAL_SCHEME]: [] }]
  if (auth === 'robot-token') return [{ [ROBOT_TOKEN_SCHEME]: [] }]
  // A public route that still names a permission checks a key itself, from the `token` query parameter.
  if (spec.permission) return [{ [QUERY_TOKEN_SCHEME]: [spec.permission] }]
  return []
}

function errorStatuses(spec: RouteSpec): number[] {
  const auth = spec.auth ?? 'api-key'
  const statuses = new Set(spec.errors ?? [])
  if (spec.params || spec.query || spec.body) statuses.add(400)
  if (auth === 'api-key' || auth === 'user-credential' || auth === 'robot-token') statuses.add(401)
  if (auth === 'api-key' || auth === 'signed-link' || auth === 'robot-token') statuses.add(403)
  if (spec.body) statuses.add(415)
  return [...statuses].sort((a, b) => a - b)
}

/** What the description says about permissions: the room's, and where it asks more than the spec. */
function permissionText(spec: RouteSpec, permissions: readonly Permission[]): string | undefined {
  if (!spec.permission) return undefined
  const strict = spec.strictPermission
  if (strict && permissions.includes(strict))
    return `Requires the permissions \`${spec.permission}\` and \`${strict}\` (this room runs with strictDeletePermission; the official spec lists only \`${spec.permission}\`).`
  if (strict)
    return `Requires the permission \`${spec.permission}\`, as the official spec lists it (a room started with --strict-delete-permission also requires \`${strict}\`).`
  return `Requires the permission \`${spec.permission}\`.`
}

function operation(spec: RouteSpec, path: string, permissions: readonly Permission[]): Json {
  const responses: Json = {
    200: spec.response
      ? { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.response, 'output') } } }
      : {
          description: 'The content',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
  }
  for (const status of errorStatuses(spec)) {
    responses[status] = {
      description: STATUS_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  const op: Json = {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    security: security(spec, permissions),
    parameters: parameters(spec, path),
    responses,
  }
  const description = permissionText(spec, permissions)
  if (description) op.description = description
  if (spec.body) {
    op.requestBody = {
      required: spec.bodyRequired === true,
      content: { 'application/json': { schema: schemaOf(spec.body, 'input') } },
    }
  }
  return op
}

/** Builds the `paths` and `tags` of the document from the declared routes (hidden ones left out). */
export function buildPaths(routes: readonly DeclaredRoute[]): { paths: Json; tags: Json[] } {
  const paths: Record<string, Json> = {}
  const tags = new Set<string>()
  for (const { prefix, spec, permissions } of routes) {
    if (spec.hidden) continue
    const path = openApiPath(prefix, spec.url)
    paths[path] ??= {}
    ;(paths[path] as Json)[spec.method.toLowerCase()] = operation(spec, path, permissions)
    tags.add(spec.tag)
  }
  return { paths, tags: [...tags].sort().map((name) => ({ name })) }
}

/** The whole document for a room reached at `origin`. */
export function buildOpenApiDocument(built: { paths: Json; tags: Json[] }, origin: string): Json {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Robodeck local Control Room API',
      version: '1.0',
      description:
        'The local Control Room: a wire-compatible subset of the Control Room API v1, the legacy Process API ' +
        'and the management API. Authorize with the whole Authorization header value: `RC-WSKEY <api key>`.',
    },
    servers: [{ url: origin }],
    tags: built.tags,
    paths: built.paths,
    components: {
      schemas: { Error: schemaOf(ErrorResponse, 'output') },
      securitySchemes: {
        [API_KEY_SCHEME]: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'A workspace API key with the permission(s) the operation lists: `RC-WSKEY <api key>`.',
        },
        [USER_CREDENTIAL_SCHEME]: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'A request signed with a user access credential (`robocloud-hmac` scheme; see docs/localroom.md). ' +
            'Signed per request, so it cannot be pasted here.',
        },
        [ROBOT_TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            "The token a step run's robot gets in RC_API_WORKITEM_TOKEN / RC_API_PROCESS_TOKEN; it ends with the step run.",
        },
        [QUERY_TOKEN_SCHEME]: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'The API key value without the RC-WSKEY prefix, for callers that cannot set headers.',
        },
      },
    },
  }
}
