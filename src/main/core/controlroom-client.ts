/**
 * The Control Room API v1 client: the same code talks to the cloud, regional and self-hosted
 * Control Rooms and the local room. Every call authenticates with `Authorization: RC-WSKEY <key>`,
 * goes through controlroom-http.ts (https, proxy, CAs, redirects, retries, typed errors) and
 * parses the answer with a schema that tolerates fields the spec allows and a server may omit.
 */
import type { Dispatcher } from 'undici'
import type { z } from 'zod'
import type { JsonValue } from '../../shared/domain'
import { type Downloaded, downloadLink } from './controlroom-download'
import {
  callControlRoom,
  checkApiUrl,
  createDispatcherFor,
  DEFAULT_HTTP,
  type HttpOptions,
  type NetworkSettings,
} from './controlroom-http'
import {
  ApiArtifact,
  ApiArtifactWithUrl,
  ApiConsoleMessage,
  ApiProcess,
  ApiProcessRun,
  ApiRunOutput,
  ApiStepRun,
  ApiWorkItem,
  ApiWorkItemListed,
  ApiWorkspace,
  page,
  StartRunResponse,
  StopRunResponse,
} from './controlroom-schemas'
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
  /**
   * Runs newest first from a position (`''` for the newest, else a `next` page's query as this
   * returned it), following `next` until at least `limit` were read or the list ends.
   */
  readRuns(
    from: string,
    limit: number,
  ): Promise<{ runs: z.infer<typeof ApiProcessRun>[]; next: string | null }>
  // Run detail. Each list follows the spec's `next` links, on this Control Room only.
  listStepRuns(runId: string): Promise<ApiStepRun[]>
  /** Console lines from a position (see ConsolePosition), at most maxLines of them. */
  readConsole(stepRunId: string, from: ConsolePosition, maxLines: number): Promise<ConsoleRead>
  listArtifacts(stepRunId: string): Promise<z.infer<typeof ApiArtifact>[]>
  /** Reads an artifact through its download link, at most maxBytes of it; the link stays here. */
  downloadArtifact(
    stepRunId: string,
    artifactId: string,
    maxBytes: number,
  ): Promise<Downloaded & { name: string; size: number }>
  listWorkItems(runId: string, maxItems: number): Promise<ApiWorkItemListed[]>
  getWorkItem(workItemId: string): Promise<ApiWorkItem>
  listRunOutputs(runId: string, maxItems: number): Promise<ApiRunOutput[]>
  stopRun(runId: string, options: StopOptions): Promise<boolean>
  close(): Promise<void>
}

/**
 * Where a console read starts: the query of the page it last read (empty for the first page) and
 * how many lines of that page it had already. Pages are re-read from there, since the last page
 * has no `next` to continue from while the step still prints.
 */
export interface ConsolePosition {
  pageQuery: string
  seen: number
}

export interface ConsoleRead {
  lines: z.infer<typeof ApiConsoleMessage>[]
  position: ConsolePosition
  /** True when maxLines was reached before the end. */
  more: boolean
}

export interface StopOptions {
  setRemainingWorkItemsAsDone: boolean
  terminateOngoingActivityRuns: boolean
  reason?: string
}

/** Runs asked for per page (the local room answers at most 100; Control Room documents no maximum). */
const RUNS_PAGE_LIMIT = 100
/** How many items a list reads at most when its caller gives no bound. */
const LIST_CAP = 1000

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

  const baseUrl = new URL(base)
  /** A page's path below the workspace, for error messages (never the query: it may hold a cursor). */
  const shortPath = (url: URL) => url.pathname.slice(baseUrl.pathname.length) || '/'

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string | URL,
    schema: T,
    body?: unknown,
    retry = true,
  ): Promise<z.infer<T>> {
    const url = typeof path === 'string' ? new URL(`${base}${path}`) : path
    const answer = await callControlRoom(
      agent,
      {
        method,
        url: url.href,
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
        `Control Room sent an unexpected response to ${method} ${shortPath(url)} (at ${where}).`,
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
    async readRuns(from, limit) {
      const path = '/process-runs'
      // Only a query is taken from the caller: the page is always this workspace's run list.
      let url: URL | null = new URL(
        `${base}${path}${from.startsWith('?') ? from : `?limit=${Math.min(limit, RUNS_PAGE_LIMIT)}`}`,
      )
      const runs: z.infer<typeof ApiProcessRun>[] = []
      while (url && runs.length < limit) {
        const answer = await call('GET', url, page(ApiProcessRun))
        runs.push(...answer.data)
        url = nextPage(answer.next, `${base}${path}`)
      }
      return { runs, next: url ? url.search : null }
    },
    listStepRuns: (runId) =>
      readPages(`/step-runs?process_run_id=${encodeURIComponent(runId)}`, ApiStepRun, LIST_CAP),
    async readConsole(stepRunId, from, maxLines) {
      const path = `/step-runs/${encodeURIComponent(stepRunId)}/console-messages`
      // Only a query is taken from the caller: the page is always this step run's console.
      const query = from.pageQuery.startsWith('?') ? from.pageQuery : ''
      let url = new URL(`${base}${path}${query}`)
      let skip = from.seen
      const lines: z.infer<typeof ApiConsoleMessage>[] = []
      for (;;) {
        const answer = await call('GET', url, page(ApiConsoleMessage))
        const fresh = answer.data.slice(skip)
        const taken = fresh.slice(0, maxLines - lines.length)
        lines.push(...taken)
        const position = { pageQuery: url.search, seen: skip + taken.length }
        if (taken.length < fresh.length) return { lines, position, more: true }
        const next = nextPage(answer.next, `${base}${path}`)
        if (!next) return { lines, position, more: false }
        if (lines.length >= maxLines)
          return { lines, position: { pageQuery: next.search, seen: 0 }, more: true }
        url = next
        skip = 0
      }
    },
    listArtifacts: (stepRunId) =>
      readPages(`/step-runs/${encodeURIComponent(stepRunId)}/artifacts`, ApiArtifact, LIST_CAP),
    async downloadArtifact(stepRunId, artifactId, maxBytes) {
      const artifact = await call(
        'GET',
        `/step-runs/${encodeURIComponent(stepRunId)}/artifacts/${encodeURIComponent(artifactId)}`,
        ApiArtifactWithUrl,
      )
      const file = await downloadLink(agent, artifact.url, maxBytes, http.timeoutMs)
      return { ...file, name: artifact.name, size: artifact.size }
    },
    listWorkItems: (runId, maxItems) =>
      readPages(`/work-items?process_run_id=${encodeURIComponent(runId)}`, ApiWorkItemListed, maxItems),
    getWorkItem: (workItemId) => call('GET', `/work-items/${encodeURIComponent(workItemId)}`, ApiWorkItem),
    listRunOutputs: (runId, maxItems) =>
      readPages(`/process-runs/${encodeURIComponent(runId)}/outputs`, ApiRunOutput, maxItems),
    async stopRun(runId, options) {
      const body = {
        set_remaining_work_items_as_done: options.setRemainingWorkItemsAsDone,
        terminate_ongoing_activity_runs: options.terminateOngoingActivityRuns,
        ...(options.reason ? { reason: options.reason } : {}),
      }
      const answer = await call(
        'POST',
        `/process-runs/${encodeURIComponent(runId)}/stop`,
        StopRunResponse,
        body,
      )
      return answer.accepted
    },
    async close() {
      if (!dispatcher) await agent.close()
    },
  }

  /** Reads a list page by page through its `next` links, up to maxItems items. */
  async function readPages<T extends z.ZodType>(
    path: string,
    item: T,
    maxItems: number,
  ): Promise<z.infer<T>[]> {
    const first = new URL(`${base}${path}`)
    const items: z.infer<T>[] = []
    let url: URL | null = first
    while (url && items.length < maxItems) {
      const answer: { data: z.infer<T>[]; next?: string | null } = await call('GET', url, page(item))
      items.push(...answer.data)
      url = nextPage(answer.next, `${first.origin}${first.pathname}`)
    }
    return items.slice(0, maxItems)
  }

  /**
   * The next page's URL, or null at the end. It must be the same list on the same Control Room:
   * the key goes with the request, so a `next` pointing anywhere else is refused, not followed.
   */
  function nextPage(next: string | null | undefined, listUrl: string): URL | null {
    if (!next) return null
    let url: URL
    try {
      url = new URL(next, listUrl)
    } catch {
      throw new CoreError('bad_response', 'Control Room sent a next-page link that is not a URL.')
    }
    if (`${url.origin}${url.pathname}` !== new URL(listUrl).href.split('?')[0])
      throw new CoreError(
        'bad_response',
        `Control Room sent a next-page link to another list or server (${shortPath(new URL(listUrl))}); it was not followed.`,
      )
    return url
  }
}
