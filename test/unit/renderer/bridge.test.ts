import { describe, expect, it, vi } from 'vitest'
import {
  AUTH_REQUIRED_MESSAGE,
  BridgeError,
  isAuthError,
} from '../../../src/renderer/src/bridge/bridge-error'
import { createElectronBridge } from '../../../src/renderer/src/bridge/electron-bridge'
import { createHttpBridge } from '../../../src/renderer/src/bridge/http-bridge'
import { type BridgeResult, commands, type PreloadApi } from '../../../src/shared/bridge'
import { commandAt, commandNames, mapCommands } from '../../../src/shared/bridge-names'
import type { RunSummary } from '../../../src/shared/domain'
import { webCommandPath } from '../../../src/shared/web-protocol'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const connection = {
  id: 'local',
  name: 'Local',
  kind: 'local',
  apiUrl: 'http://127.0.0.1:4123/api/v1',
  workspaceId: 'w1',
  keySuffix: 'abcd',
  keyState: 'stored',
  production: false,
  permissions: { granted: [], denied: [] },
  credentialUser: null,
}

function httpBridge(
  answer: (url: string, init: RequestInit | undefined) => Response | Promise<Response>,
  token = 't0k',
) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = []
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init })
    return answer(String(input), init)
  })
  const { api, status } = createHttpBridge({
    fetch: fetch as typeof globalThis.fetch,
    token: () => token || undefined,
  })
  return { api, status, calls }
}

const caught = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('renderer HTTP bridge commands', () => {
  it('has one method per contract command', () => {
    const { api } = httpBridge(() => json({ ok: true, value: null }))
    for (const name of commandNames)
      expect(commandAt<unknown>(api.commands, name), name).toBeTypeOf('function')
  })

  it('POSTs the request as JSON with the bearer token and unwraps the value', async () => {
    const { api, calls } = httpBridge(() => json({ ok: true, value: [connection] }))
    await expect(api.commands.connections.list({})).resolves.toEqual([connection])
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe(webCommandPath('connections.list'))
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t0k' },
      body: '{}',
    })
  })

  it('throws a BridgeError carrying code, message and status for ok:false', async () => {
    const error = {
      code: 'forbidden',
      message: 'Missing permission Processes.trigger_processes',
      status: 403,
    }
    const { api } = httpBridge(() => json({ ok: false, error }, 200))
    const thrown = await caught(api.commands.processes.launch({ connectionId: 'local', processId: 'p' }))
    expect(thrown).toBeInstanceOf(BridgeError)
    expect(thrown).toMatchObject(error)
  })

  it('answers a missing token and a 401 with the link message, without calling for the former', async () => {
    const none = httpBridge(() => json({ ok: true, value: [] }), '')
    const missing = await caught(none.api.commands.connections.list({}))
    expect(isAuthError(missing)).toBe(true)
    expect((missing as Error).message).toBe(AUTH_REQUIRED_MESSAGE)
    expect(none.calls).toHaveLength(0)

    const refused = httpBridge(() => json({ ok: false, error: { code: 'unauthorized', message: 'x' } }, 401))
    const unauthorized = await caught(refused.api.commands.connections.list({}))
    expect(isAuthError(unauthorized)).toBe(true)
    expect((unauthorized as Error).message).toBe(AUTH_REQUIRED_MESSAGE)
  })

  it('turns network failures and malformed answers into readable BridgeErrors', async () => {
    const down = httpBridge(() => Promise.reject(new TypeError('fetch failed')))
    expect(await caught(down.api.commands.app.info({}))).toMatchObject({ code: 'web.unreachable' })

    const html = httpBridge(() => new Response('<html>', { status: 500 }))
    expect(await caught(html.api.commands.app.info({}))).toMatchObject({ code: 'bridge.bad_response' })

    const wrongShape = httpBridge(() => json({ ok: true, value: { version: 1 } }))
    const thrown = await caught(wrongShape.api.commands.app.info({}))
    expect(thrown).toMatchObject({ code: 'bridge.bad_response' })
    expect((thrown as Error).message).toContain('app.info')
  })
})

const runUpdate: RunSummary = {
  connectionId: 'local',
  id: 'r1',
  processId: 'p1',
  processName: 'Echo payload',
  state: 'in_progress',
  createdAt: '2025-01-01T10:00:00Z',
  startedAt: '2025-01-01T10:00:01Z',
  endedAt: null,
  duration: null,
}

/** A text/event-stream body the test pushes chunks into. */
function sseBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) })
  const encoder = new TextEncoder()
  return {
    response: new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  }
}

describe('renderer HTTP bridge events', () => {
  it('delivers valid events, skips invalid and unknown ones, and reconnects when the stream drops', async () => {
    const bodies = [sseBody(), sseBody()]
    let opened = 0
    const sleep = vi.fn(async () => {})
    const fetch = vi.fn(async () => bodies[opened++]?.response ?? new Response(null, { status: 503 }))
    const { api, status } = createHttpBridge({
      fetch: fetch as typeof globalThis.fetch,
      token: () => 't',
      sleep,
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const received: RunSummary[] = []
    const off = api.on('run.updated', (run) => received.push(run))

    await vi.waitFor(() => expect(status.get()).toBe('live'))
    const first = bodies[0]
    first?.send(': connected\n\nevent: run.updated\ndata: {"id":')
    first?.send(
      `"bad"}\n\nevent: ping\ndata: {}\n\nevent: run.updated\ndata: ${JSON.stringify(runUpdate)}\n\n`,
    )
    await vi.waitFor(() => expect(received).toEqual([runUpdate]))
    expect(warn).toHaveBeenCalledTimes(1) // the invalid run.updated, not the unknown ping

    first?.close()
    await vi.waitFor(() => expect(opened).toBe(2))
    expect(sleep).toHaveBeenCalled()
    await vi.waitFor(() => expect(status.get()).toBe('live'))
    bodies[1]?.send(`event: run.updated\ndata: ${JSON.stringify({ ...runUpdate, state: 'completed' })}\n\n`)
    await vi.waitFor(() => expect(received.map((r) => r.state)).toEqual(['in_progress', 'completed']))
    off()
    warn.mockRestore()
  })

  it('stops (without retrying) when the stream answers 401', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 401 }))
    const { api, status } = createHttpBridge({ fetch: fetch as typeof globalThis.fetch, token: () => 't' })
    const off = api.on('run.finished', () => {})
    await vi.waitFor(() => expect(status.get()).toBe('unauthorized'))
    expect(fetch).toHaveBeenCalledTimes(1)
    off()
  })
})

describe('bridge command names', () => {
  it('list exactly the contract commands, so the zod-free preload exposes every one', () => {
    const contract = Object.entries(commands).flatMap(([namespace, methods]) =>
      Object.keys(methods).map((method) => `${namespace}.${method}`),
    )
    expect([...commandNames].sort()).toEqual(contract.sort())
  })

  it('map to one entry per command, found again by wire name and by nothing else', () => {
    const tree = mapCommands((name) => `fn:${name}`)
    expect(Object.keys(tree).sort()).toEqual([
      'app',
      'connections',
      'inbox',
      'processes',
      'room',
      'runs',
      'settings',
    ])
    expect(tree.processes.launch).toBe('fn:processes.launch')
    for (const name of commandNames) expect(commandAt(tree, name)).toBe(`fn:${name}`)
    for (const name of ['processes', 'processes.launch.x', 'processes.toString', 'constructor.name', '.'])
      expect(commandAt(tree, name)).toBeUndefined()
  })
})

describe('renderer Electron bridge', () => {
  function preload(answer: unknown): PreloadApi & { emit(payload: unknown): void } {
    let listener: ((payload: unknown) => void) | undefined
    return {
      commands: mapCommands(() => async (_request: unknown) => answer as BridgeResult<unknown>),
      on: (_event, l) => {
        listener = l
        return () => {
          listener = undefined
        }
      },
      emit: (payload) => listener?.(payload),
    }
  }

  it('unwraps the envelope the preload resolves to', async () => {
    const { api, status } = createElectronBridge(preload({ ok: true, value: { runId: 'r9' } }))
    await expect(api.commands.processes.launch({ connectionId: 'c', processId: 'p' })).resolves.toEqual({
      runId: 'r9',
    })
    expect(status.get()).toBe('live')
  })

  it('throws BridgeError for ok:false', async () => {
    const { api } = createElectronBridge(
      preload({ ok: false, error: { code: 'not_found', message: 'No such process' } }),
    )
    await expect(api.commands.processes.launch({ connectionId: 'c', processId: 'p' })).rejects.toMatchObject({
      name: 'BridgeError',
      code: 'not_found',
      message: 'No such process',
    })
  })

  it('answers a command an older preload lacks with a clear IPC error', async () => {
    const older = preload({ ok: true, value: { runId: 'r9' } })
    const { launch: _dropped, ...processes } = older.commands.processes
    const { api } = createElectronBridge({
      ...older,
      commands: { ...older.commands, processes } as unknown as PreloadApi['commands'],
    })
    await expect(api.commands.processes.launch({ connectionId: 'c', processId: 'p' })).rejects.toMatchObject({
      code: 'bridge.ipc_failed',
      message: expect.stringContaining('does not offer processes.launch'),
    })
    // The methods it has still reach it (this answer is not a process list, hence bad_response).
    await expect(api.commands.processes.list({})).rejects.toMatchObject({ code: 'bridge.bad_response' })
  })

  it('validates event payloads before the listener sees them', () => {
    const fake = preload(undefined)
    const { api } = createElectronBridge(fake)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const listener = vi.fn()
    api.on('run.finished', listener)
    fake.emit({ nope: true })
    fake.emit(runUpdate)
    expect(listener).toHaveBeenCalledExactlyOnceWith(runUpdate)
    warn.mockRestore()
  })
})
