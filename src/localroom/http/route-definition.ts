/**
 * Every route of the room is declared through defineRoute: its method and path, its zod schemas for
 * path, query, body and response, and what it is in the OpenAPI document. One declaration drives
 * three things: input validation (a 400 that names the field), the auth hook (which reads the
 * route's auth mode from its config), and the room's own OpenAPI document (openapi.ts), so the
 * documentation cannot drift from what the server does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Permission } from '../../shared/permissions'
import { parseInput } from './validation'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH'

/**
 * Who may call a route. `api-key`: `RC-WSKEY` for the route's workspace, with the route's
 * `permission`. `user-credential`: a request signed with a user access credential (robocloud-hmac).
 * `signed-link`: a link the room signed for exactly this route's resource (`signedLink`), checked
 * by signed-link-guard.ts before the body is read. `robot-token`: the token of a running step run
 * (`Bearer`, robot-token-auth.ts), reaching only that step run's items. `public`: nobody needs to
 * prove anything (the documentation page).
 */
export type RouteAuth = 'api-key' | 'user-credential' | 'signed-link' | 'robot-token' | 'public'

/** What a `signed-link` route's signature covers. */
export interface SignedLinkSpec {
  /** The method the link was signed for, when the route answers another too (default: the request's). */
  method?: HttpMethod
  /**
   * The canonical path of the resource, from the path parameters the router matched: the same
   * builder that made the link, so the signature covers exactly the ids the handler serves.
   */
  path(params: Readonly<Record<string, string>>): string
}

export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod
  /** fastify path syntax relative to the scope's prefix, e.g. /workspaces/:workspace_id/processes */
  url: string
  /** The official spec's operationId where the route implements one; otherwise a new camelCase id. */
  operationId: string
  summary: string
  /** OpenAPI tag (the spec's: process, process-run, step-run, work-item, asset, webhook, ...). */
  tag: string
  auth?: RouteAuth
  /**
   * For `api-key` routes (required there): the permission the key needs, as the official spec lists
   * it for the operation, or null where the spec lists none (the key must still be the workspace's).
   */
  permission?: Permission | null
  /**
   * A permission the key must hold as well when the room runs with `strictDeletePermission`: for an
   * operation whose spec permission is weaker than what it destroys (deleteProcessRun needs only
   * `Processes.read_runs` in the spec). Off by default, for compatibility (docs/compatibility.md).
   */
  strictPermission?: Permission
  /** For `signed-link` routes (required there): what the signature covers. */
  signedLink?: SignedLinkSpec
  params?: P
  query?: Q
  /** The JSON body's schema. Absent: the route takes no body. */
  body?: B
  /** Whether a body must be sent (the spec makes some optional, e.g. start process run). */
  bodyRequired?: boolean
  /**
   * false: `body` only documents the route and the handler parses the raw body itself, where a
   * union of forms needs messages that name the field better than a generic union error.
   */
  validateBody?: boolean
  /** The 200 response. Absent for routes that answer something other than JSON (downloads). */
  response?: R
  /** Error statuses the route can answer besides 400/401/403, for the document (e.g. [404, 409]). */
  errors?: number[]
  /** Leave the route out of the OpenAPI document (internal plumbing such as upload targets). */
  hidden?: boolean
  /** A larger request body limit than the room's default, in bytes (e.g. inline asset uploads). */
  bodyLimit?: number
  /**
   * GET routes whose answer depends only on the URL (and Host) and the database: keep the
   * serialized answer until the database changes (RouteRegistry's version). Auth still runs first.
   */
  cache?: boolean
}

/** The route's auth mode travels in fastify's per-route config, where the auth hooks read it. */
export interface RouteConfig {
  auth: RouteAuth
  /** Every permission an `api-key` caller must hold (empty: the key must only be the workspace's). */
  permissions: readonly Permission[]
  operationId: string
  signedLink?: SignedLinkSpec
}

export interface RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.infer<P>
  query: z.infer<Q>
  body: z.infer<B>
  request: FastifyRequest
  reply: FastifyReply
}

/** A declared route as the OpenAPI generator sees it: the scope's prefix plus the spec. */
export interface DeclaredRoute {
  prefix: string
  spec: RouteSpec
  /** The permissions this room requires for it: the spec's, plus `strictPermission` in strict mode. */
  permissions: readonly Permission[]
}

/** How a room guards its routes beyond what each declares. */
export interface RoutePolicy {
  /** Require each route's `strictPermission` as well as its `permission`. */
  strictDeletePermission?: boolean
}

/** Collects the routes declared on one room, in declaration order. */
export class RouteRegistry {
  readonly routes: DeclaredRoute[] = []
  /** `version` says when cached answers are stale (the database's dataVersion). */
  constructor(
    readonly version: () => string = () => String(Math.random()),
    readonly policy: RoutePolicy = {},
  ) {}

  /** The permissions a route needs in this room. */
  permissionsOf(spec: RouteSpec): Permission[] {
    const permissions = spec.permission ? [spec.permission] : []
    if (this.policy.strictDeletePermission && spec.strictPermission) permissions.push(spec.strictPermission)
    return permissions
  }
}

const CACHE_ENTRIES = 128

/** A small least-recently-used map of serialized answers, valid for one database version. */
class AnswerCache {
  private readonly entries = new Map<string, Buffer>()
  private version = ''

  get(key: string, version: string): Buffer | undefined {
    if (version !== this.version) {
      this.entries.clear()
      this.version = version
      return undefined
    }
    const hit = this.entries.get(key)
    if (hit !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, hit)
    }
    return hit
  }

  set(key: string, version: string, body: Buffer): void {
    if (version !== this.version) return
    this.entries.set(key, body)
    if (this.entries.size > CACHE_ENTRIES) this.entries.delete(this.entries.keys().next().value as string)
  }
}

/** Registers a route on `api` (a fastify scope mounted at `prefix`) and records it in `registry`. */
export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
>(
  api: FastifyInstance,
  registry: RouteRegistry,
  prefix: string,
  spec: RouteSpec<P, Q, B, R>,
  handler: (input: RouteInput<P, Q, B>) => Promise<R extends z.ZodType ? z.input<R> | FastifyReply : unknown>,
): void {
  const auth = spec.auth ?? 'api-key'
  // Fail at startup, not at request time: an api-key route must say which permission guards it.
  if (auth === 'api-key' && spec.permission === undefined) {
    throw new Error(`local Control Room route ${spec.method} ${spec.url} declares no permission`)
  }
  if ((auth === 'signed-link') !== (spec.signedLink !== undefined)) {
    throw new Error(
      `local Control Room route ${spec.method} ${spec.url}: signedLink goes with auth 'signed-link'`,
    )
  }
  const permissions = registry.permissionsOf(spec as unknown as RouteSpec)
  registry.routes.push({ prefix, spec: spec as unknown as RouteSpec, permissions })
  const config: RouteConfig = {
    auth,
    permissions,
    operationId: spec.operationId,
    ...(spec.signedLink ? { signedLink: spec.signedLink } : {}),
  }
  const cache = spec.cache && spec.method === 'GET' ? new AnswerCache() : undefined
  api.route({
    method: spec.method,
    url: spec.url,
    config,
    ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
    handler: async (request, reply) => {
      if (cache) {
        // Read the version before the handler runs: a write during it makes the answer uncacheable.
        const version = registry.version()
        const key = `${request.headers.host ?? ''} ${request.url}`
        const hit = cache.get(key, version)
        const type = 'application/json; charset=utf-8'
        if (hit !== undefined) return reply.type(type).send(hit)
        const answer = await runHandler(request, reply)
        if (answer === reply) return answer
        // Kept encoded: writing a cached Buffer skips encoding the same text on every request.
        const body = Buffer.from(JSON.stringify(answer))
        cache.set(key, version, body)
        return reply.type(type).send(body)
      }
      return runHandler(request, reply)
    },
  })

  async function runHandler(request: FastifyRequest, reply: FastifyReply) {
    const params = spec.params ? parseInput(spec.params, request.params, 'path') : request.params
    const query = spec.query ? parseInput(spec.query, request.query ?? {}, 'query') : request.query
    let body: unknown = request.body
    const validate = spec.body && spec.validateBody !== false
    if (validate && !(body === undefined && !spec.bodyRequired))
      body = parseInput(spec.body as B, body, 'body')
    return handler({ params, query, body, request, reply } as RouteInput<P, Q, B>)
  }
}

/** Binds defineRoute to one scope: `const route = routeDefiner(api, ctx.routes, API_PREFIX)`. */
export function routeDefiner(api: FastifyInstance, registry: RouteRegistry, prefix: string) {
  return <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (
      input: RouteInput<P, Q, B>,
    ) => Promise<R extends z.ZodType ? z.input<R> | FastifyReply : unknown>,
  ) => defineRoute(api, registry, prefix, spec, handler)
}

/** Reads the route config defineRoute attached (undefined for fastify's own 404 handling). */
export function routeConfig(request: FastifyRequest): RouteConfig | undefined {
  const config = request.routeOptions.config as Partial<RouteConfig> | undefined
  return config?.auth ? (config as RouteConfig) : undefined
}
