/**
 * The Control Room API v1 client: the same code talks to the cloud and to the local room.
 * Every call authenticates with `Authorization: RC-WSKEY <key>`, parses the response with a schema,
 * and turns every failure into a CoreError that names the HTTP status and Control Room's code.
 */
import { Agent, type Dispatcher, request } from 'undici'
import type { z } from 'zod'
import { controlRoomErrorCode } from '../../shared/bridge'
import type { JsonValue } from '../../shared/domain'
import { ApiErrorBody, ApiProcess, ApiProcessRun, page, StartRunResponse } from './controlroom-schemas'
import { CoreError } from './errors'

export interface ControlRoomTarget {
  /** API v1 base, e.g. https://cloud.robocorp.com/api/v1 or http://127.0.0.1:P/api/v1. */
  apiUrl: string
  workspaceId: string
  /** Read from the vault for each call, so a replaced key takes effect at once. */
  apiKey: () => Promise<string>
  /** Per request: headers and body each must arrive within this. */
  timeoutMs?: number
}

export interface ListRunsOptions {
  processId?: string
  limit?: number
}

export interface ControlRoomClient {
  listProcesses(): Promise<ApiProcess[]>
  /** Starts a run; the payload becomes the run's input work item. Returns the new run's id. */
  startRun(processId: string, payload?: JsonValue): Promise<string>
  listRuns(options?: ListRunsOptions): Promise<z.infer<ReturnType<typeof page<typeof ApiProcessRun>>>>
  getRun(runId: string): Promise<z.infer<typeof ApiProcessRun>>
  close(): Promise<void>
}

const REQUEST_TIMEOUT_MS = 15_000

/** Creates a client for one workspace. */
export function createControlRoomClient(
  target: ControlRoomTarget,
  dispatcher?: Dispatcher,
): ControlRoomClient {
  const agent = dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 8 })
  const timeoutMs = target.timeoutMs ?? REQUEST_TIMEOUT_MS
  const base = `${target.apiUrl.replace(/\/+$/, '')}/workspaces/${encodeURIComponent(target.workspaceId)}`

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<z.infer<T>> {
    const url = `${base}${path}`
    const headers: Record<string, string> = {
      authorization: `RC-WSKEY ${await target.apiKey()}`,
      accept: 'application/json',
    }
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Dispatcher.ResponseData
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
    } catch (error) {
      throw unreachable(url, error)
    }
    let text: string
    try {
      text = await response.body.text()
    } catch (error) {
      // The answer broke off (connection reset, body shorter than announced, body timeout).
      throw unreachable(url, error)
    }
    const json = parseJson(text)
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw apiError(response.statusCode, json, retryAfterMs(response.headers['retry-after']))
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'body'
      throw new CoreError(
        'bad_response',
        `Control Room sent an unexpected response to ${method} ${path} (at ${where}).`,
      )
    }
    return parsed.data
  }

  return {
    async listProcesses() {
      return (await call('GET', '/processes', page(ApiProcess))).data
    },
    async startRun(processId, payload) {
      const body = payload === undefined ? {} : { type: 'with_payloads', payloads: [payload] }
      const result = await call(
        'POST',
        `/processes/${encodeURIComponent(processId)}/process-runs`,
        StartRunResponse,
        body,
      )
      if (!result.started) throw new CoreError('not_started', 'Control Room did not start the run.')
      return result.id
    },
    listRuns(options = {}) {
      const query = new URLSearchParams()
      if (options.processId) query.set('process_id', options.processId)
      if (options.limit) query.set('limit', String(options.limit))
      const suffix = query.size > 0 ? `?${query}` : ''
      return call('GET', `/process-runs${suffix}`, page(ApiProcessRun))
    },
    getRun(runId) {
      return call('GET', `/process-runs/${encodeURIComponent(runId)}`, ApiProcessRun)
    },
    async close() {
      if (!dispatcher) await agent.close()
    },
  }
}

function parseJson(text: string): unknown {
  try {
    return text.length > 0 ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

function unreachable(url: string, error: unknown): CoreError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name
  return new CoreError('unreachable', `Cannot reach Control Room at ${new URL(url).origin} (${reason}).`)
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. Capped at an hour. */
export function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const seconds = Number(value)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now()
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(ms, 0), 3_600_000)
}

function apiError(status: number, json: unknown, retryAfter?: number): CoreError {
  const body = ApiErrorBody.safeParse(json)
  const code = body.success ? controlRoomErrorCode(body.data.error.code) : (`http_${status}` as const)
  const detail = body.success ? `: ${body.data.error.message}` : ''
  const what =
    status === 401
      ? 'Control Room did not accept the API key'
      : status === 403
        ? 'Control Room refused the request'
        : status === 404
          ? 'Control Room does not know that item'
          : 'Control Room answered with an error'
  return new CoreError(code, `${what} (HTTP ${status}, ${code})${detail}`, status, retryAfter)
}
