/**
 * The one room fixture: a local room for one test file, in-process (`startLocalRoom`) or spawned (the
 * built CLI as a child process), started before the file's tests and closed and removed after. Both
 * give the same handle: where the API is, its keys, an API v1 call, a signed management call, a
 * wait for a run to end, restart and close.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type LocalRoom, type LocalRoomOptions, startLocalRoom } from '../../src/localroom/server'
import type { Permission } from '../../src/shared/permissions'
import { FINAL_RUN_STATES } from '../../src/shared/runs'
import { type SignedResponse, type SignOptions, signedRequest } from './credential-client'
import {
  type ApiResponse,
  callApi,
  SPEC_SKIP_REASON,
  type SpawnedLocalRoom,
  spawnLocalRoom,
  specExists,
  specResponseSchema,
  validateAgainstSpec,
  waitFor,
} from './localroom'

/** What the fixture's `prepare` may set for the room, once its folder exists. */
type RoomSetup = Partial<Omit<LocalRoomOptions, 'dataDir'>> & { extraArgs?: readonly string[] }

export type RoomFixtureOptions = Omit<RoomSetup, 'extraArgs'> & {
  /** 'in-process': startLocalRoom in the test's process; 'spawned': node out/main/localroom.js. */
  mode: 'in-process' | 'spawned'
  /** Spawned only: more CLI arguments (e.g. --workers 1). */
  extraArgs?: readonly string[]
  /**
   * Where the fixture's folder comes from: by default a fresh temp folder, removed after the file's
   * tests. `beforeClose` runs before the last close (e.g. to give a full disk its space back).
   */
  folder?: RoomFolder
  /** Runs before the first start with the fixture's folder (e.g. to write robots); may add options. */
  prepare?: (dir: string) => RoomSetup | undefined | Promise<RoomSetup | undefined>
}

export interface RoomFolder {
  make(): string | Promise<string>
  remove(dir: string): Promise<void>
  beforeClose?(): Promise<void>
}

/** The default folder: a fresh temp folder. */
const tempFolder: RoomFolder = {
  make: () => mkdtemp(join(tmpdir(), 'robodeck-room-')),
  remove: (dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
}

type CallOptions = Parameters<typeof callApi>[3]

/** The handle every room test uses; read it inside tests (the room starts in beforeAll). */
export interface RoomFixture {
  /** The fixture's own folder, removed after the file's tests; the room's data is in `dataDir`. */
  readonly dir: string
  /** The room's data dir (database, imported robots): `dir`/data. */
  readonly dataDir: string
  /** API v1 base, e.g. http://127.0.0.1:4123/api/v1. */
  readonly url: string
  /** http://host:port */
  readonly origin: string
  /** The in-process room (throws in spawned mode). */
  readonly room: LocalRoom
  /** The spawned room's process (throws in in-process mode). */
  readonly process: SpawnedLocalRoom
  /** The workspace id. */
  ws(): string
  /** The bootstrap API key (every permission), reissued at each start. */
  key(): string
  /** A new API key with only these permissions, made through the management API. */
  makeKey(permissions: readonly Permission[], name?: string): Promise<string>
  /** API v1: path relative to `url` (or a full URL), with the bootstrap key (if any) unless options say otherwise. */
  api(method: string, path: string, options?: CallOptions): Promise<ApiResponse>
  /** API v1 under the workspace: path relative to `url`/workspaces/<ws>. */
  wsApi(method: string, path: string, options?: CallOptions): Promise<ApiResponse>
  /** Any path of the room (management API, token vendor), signed with the bootstrap user credential. */
  signed(method: string, path: string, body?: unknown, options?: SignOptions): Promise<SignedResponse>
  /** The management API: `signed` with the path under `/management-v1`. */
  manage(method: string, path: string, body?: unknown): Promise<SignedResponse>
  /** Polls a process run until it is completed or unresolved, and resolves with its body. */
  // biome-ignore lint/suspicious/noExplicitAny: run bodies are asserted field by field in tests
  waitForRunEnd(runId: string, timeoutMs?: number): Promise<any>
  /** Closes (SIGTERM in spawned mode) and starts the room again on the same data dir. */
  restart(): Promise<void>
  /** Closes the room (the folder is removed after the file's tests); `restart` starts it again. */
  close(): Promise<void>
}

/** Registers a room's lifecycle for the current test file and returns its handle. */
export function roomFixture(options: RoomFixtureOptions): RoomFixture {
  const { mode, prepare, folder = tempFolder, ...fixed } = options
  let dir: string | undefined
  let setup: RoomSetup = fixed
  let inProcess: LocalRoom | undefined
  let spawned: SpawnedLocalRoom | undefined
  const started = () => {
    if (!dir) throw new Error('the room fixture is read before its beforeAll ran')
    return dir
  }
  const dataDir = () => join(started(), 'data')
  const current = () => (mode === 'spawned' ? spawned?.bootstrap : inProcess?.bootstrap)
  const bootstrap = () => {
    const value = current()
    if (!value?.user_credential) throw new Error('the room is not running or has no bootstrap key')
    return value
  }

  const start = async () => {
    const { extraArgs, ...roomOptions } = setup
    if (mode === 'spawned') {
      const { robotsDir, workers, strictDeletePermission, ...unsupported } = roomOptions
      // The CLI has no flag for the others: refuse them rather than start a room the test did not ask for.
      if (Object.keys(unsupported).length > 0)
        throw new Error(`a spawned room takes no ${Object.keys(unsupported).join(', ')}: use extraArgs`)
      const args = [...(extraArgs ?? [])]
      if (workers !== undefined) args.push('--workers', String(workers))
      if (strictDeletePermission) args.push('--strict-delete-permission')
      spawned = await spawnLocalRoom({ dataDir: dataDir(), robotsDir, extraArgs: args })
    } else {
      inProcess = await startLocalRoom({ issueBootstrapKey: true, ...roomOptions, dataDir: dataDir() })
    }
  }
  const close = async () => {
    await inProcess?.close()
    await spawned?.stop()
    inProcess = undefined
    spawned = undefined
  }

  beforeAll(async () => {
    dir = await folder.make()
    setup = { ...fixed, ...(await prepare?.(dir)) }
    await start()
  })
  afterAll(async () => {
    await folder.beforeClose?.()
    await close()
    if (dir) await folder.remove(dir)
  })

  const handle: RoomFixture = {
    get dir() {
      return started()
    },
    get dataDir() {
      return dataDir()
    },
    get url() {
      return inProcess?.url ?? bootstrap().url
    },
    get origin() {
      return inProcess?.origin ?? new URL(bootstrap().url).origin
    },
    get room() {
      if (!inProcess) throw new Error(`no in-process room (mode ${mode}, or not running)`)
      return inProcess
    },
    get process() {
      if (!spawned) throw new Error(`no spawned room (mode ${mode}, or not running)`)
      return spawned
    },
    ws: () => inProcess?.workspaceId ?? bootstrap().workspace_id,
    key: () => bootstrap().api_key,
    async makeKey(permissions, name = 'test key') {
      const created = await handle.manage('POST', `/workspaces/${handle.ws()}/api-keys`, {
        name,
        permissions,
      })
      if (created.status !== 200) throw new Error(`making a key failed: ${created.status} ${created.text}`)
      return created.body.value as string
    },
    api: (method, path, callOptions = {}) =>
      callApi(handle.url, method, path, { key: current()?.api_key, ...callOptions }),
    wsApi: (method, path, callOptions) =>
      handle.api(method, `/workspaces/${handle.ws()}${path}`, callOptions),
    signed: (method, path, body, signOptions) =>
      signedRequest(handle.origin, bootstrap().user_credential as string, method, path, body, signOptions),
    manage: (method, path, body) => handle.signed(method, `/management-v1${path}`, body),
    waitForRunEnd: (runId, timeoutMs = 20_000) =>
      waitFor(
        async () => {
          const run = (await handle.wsApi('GET', `/process-runs/${runId}`)).body
          return FINAL_RUN_STATES.has(run?.state) ? run : null
        },
        { timeoutMs },
      ),
    async restart() {
      await close()
      await start()
    },
    close,
  }
  return handle
}

/** Whether a body is the API's error shape, {"error":{"code","message"}}. */
export const isErrorBody = (body: unknown) =>
  typeof (body as { error?: { code?: unknown } })?.error?.code === 'string' &&
  typeof (body as { error?: { message?: unknown } })?.error?.message === 'string'

/**
 * A response to an operation of the official spec: never a 5xx, and (where ../shared holds the spec)
 * its body has the spec's shape for that operation and status.
 */
export function expectSpecShape(method: string, specPath: string, response: ApiResponse): void {
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(500)
  if (specExists)
    expect(validateAgainstSpec(specResponseSchema(method, specPath, response.status), response.body)).toEqual(
      [],
    )
}

/** A vitest test that needs the official spec: skipped, with the reason in its name, where it is absent. */
export function itWithSpec(name: string, fn: () => unknown, timeout?: number): void {
  if (specExists) it(name, fn, timeout)
  else it.skip(`${name} [skipped: ${SPEC_SKIP_REASON}]`, fn)
}
