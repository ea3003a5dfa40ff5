/**
 * The Control Room API v1 client: the same code talks to the cloud, regional and self-hosted
 * Control Rooms and the local room. Every call authenticates with `Authorization: RC-WSKEY <key>`,
 * goes through controlroom-http.ts (https, proxy, CAs, redirects, retries, typed errors) and
 * parses the answer with a schema that tolerates fields the spec allows and a server may omit.
 */
import type { Dispatcher } from 'undici'
import type { z } from 'zod'
import type { JsonValue } from '../../shared/domain'
import {
  callControlRoom,
  checkApiUrl,
  createDispatcherFor,
  DEFAULT_HTTP,
  type HttpOptions,
  type NetworkSettings,
} from './controlroom-http'
import { ApiProcess, ApiProcessRun, ApiWorkspace, page, StartRunResponse } from './controlroom-schemas'
import { CoreError } from './errors'

export { retryAfterMs } from './controlroom-http'

export interface ControlRoomTarget {
  /** API v1 base, e.g. https://cloud.robocorp.com/api/v1 or http://127.0.0.1:P/api/v1. */
  apiUrl: string
  workspaceId: string
  /** Read from the vault for each call, so a replaced key takes effect at once. */
  apiKey: () => Promise<string>
  /** Per request: headers and body each must arrive within this. */
  timeoutMs?: number
  network?: NetworkSettings
  /** Retry tuning (tests shorten it). */
  http?: Partial<HttpOptions>
}

export interface ListRunsOptions {
  processId?: string
  limit?: number
  /** False for a caller with its own schedule (the watcher): one attempt, no retries. */
  retry?: boolean
}

export interface ControlRoomClient {
  /** The workspace itself (its name); every key of the workspace may read it. */
  getWorkspace(): Promise<ApiWorkspace>
  listProcesses(): Promise<ApiProcess[]>
  /** Starts a run; the payload becomes the run's input work item. Returns the new run's id. */
  startRun(processId: string, payload?: JsonValue): Promise<string>
  listRuns(options?: ListRunsOptions): Promise<z.infer<ReturnType<typeof page<typeof ApiProcessRun>>>>
  getRun(runId: string, options?: { retry?: boolean }): Promise<z.infer<typeof ApiProcessRun>>
  close(): Promise<void>
}

/** Creates a client for one workspace; throws a CoreError for a URL that is not https (or loopback). */
export function createControlRoomClient(
  target: ControlRoomTarget,
  dispatcher?: Dispatcher,
): ControlRoomClient {
  const apiUrl = checkApiUrl(target.apiUrl)
  const agent = dispatcher ?? createDispatcherFor(apiUrl, target.network)
  const http: HttpOptions = {
    ...DEFAULT_HTTP,
    ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}),
    ...target.http,
  }
  const base = `${target.apiUrl.replace(/\/+$/, '')}/workspaces/${encodeURIComponent(target.workspaceId)}`

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: T,
    body?: unknown,
    retry = true,
  ): Promise<z.infer<T>> {
    const answer = await callControlRoom(
      agent,
      {
        method,
        url: `${base}${path}`,
        authorization: `RC-WSKEY ${await target.apiKey()}`,
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      retry ? http : { ...http, retries: 0 },
    )
    const parsed = schema.safeParse(answer.json)
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'body'
      throw new CoreError(
        'bad_response',
        `Control Room sent an unexpected response to ${method} ${path.split('?')[0]} (at ${where}).`,
      )
    }
    return parsed.data
  }

  return {
    getWorkspace: () => call('GET', '', ApiWorkspace),
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
      return call('GET', `/process-runs${suffix}`, page(ApiProcessRun), undefined, options.retry ?? true)
    },
    getRun(runId, options = {}) {
      return call(
        'GET',
        `/process-runs/${encodeURIComponent(runId)}`,
        ApiProcessRun,
        undefined,
        options.retry ?? true,
      )
    },
    async close() {
      if (!dispatcher) await agent.close()
    },
  }
}
