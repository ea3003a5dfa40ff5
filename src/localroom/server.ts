/**
 * The local Control Room: an API v1 server over a SQLite store that runs robots as child processes.
 * startLocalRoom() is the whole entry point; the CLI, web mode and tests all use it. A room keeps all
 * its state in the object it returns, so several can run in one process.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Bootstrap } from '../shared/local-room-bootstrap'
import { formatOrigin } from '../shared/origin'
import { API_PREFIX, type RoomContext } from './context'
import { credentialSecretKey, ensureOwner, issueBootstrapCredential } from './credentials/credentials'
import { deriveKey, loadRoomSecret } from './credentials/room-secret'
import { DB_FILE, dataVersion, openDatabase, probeWrite } from './db/db'
import { seedIfEmpty } from './db/seed'
import { buildApp } from './http/app'
import { asStorageError } from './http/errors'
import { type DeclaredRoute, RouteRegistry } from './http/route-definition'
import { createUrlSigner } from './http/signed-urls'
import { cleanUploadTemp } from './http/upload-files'
import { apiKeyValueKey, issueBootstrapKey, writeKeyUse } from './keys/keys'
import { killOrphanedRobots } from './robot/orphans'
import { cleanRobotTemp } from './robot/robots'
import { interruptedRobots, settleInterruptedRuns } from './runs/recovery'
import { Runner } from './runs/runner'
import { claimDataDir } from './storage/data-dir'
import { StorageHealth } from './storage/storage-health'
import { type SenderOptions, WebhookSender } from './webhooks/sender'

// Web mode runs a room in its process and takes the room's own flags (it may import only this file).
export { ROOM_FLAGS, ROOM_FLAGS_USAGE, type RoomFlagOptions, roomOptionsFromFlags } from './cli/room-flags'
/** Thrown by startLocalRoom when another room holds the data dir. */
export { DataDirInUseError } from './storage/data-dir-lock'

export interface LocalRoomOptions {
  /**
   * Folder for the database and step runs' working copies; created if missing, made private (0700)
   * and locked: a second room on it is refused with DataDirInUseError (see data-dir-lock.ts).
   */
  dataDir: string
  /** Interface to listen on; default 127.0.0.1. */
  host?: string
  /** Port; 0 (the default) picks a free one. */
  port?: number
  /** Folder of robots (one folder each, with robot.yaml); default the app's resources/robots. */
  robotsDir?: string
  /** (Re)issue the "Robodeck bootstrap" key and credential and return them in `bootstrap`. */
  issueBootstrapKey?: boolean
  /** Receives the room's log lines (never secrets); default: discarded. */
  log?: (line: string) => void
  /** How many step runs run at once (the room's workers); default 2. */
  workers?: number
  /** A cap on every step run's duration in seconds, besides each process's own timeout; default none. */
  stepTimeoutSeconds?: number
  /**
   * Deleting a process run also needs `Processes.write_work_items`, not only the spec's
   * `Processes.read_runs` (docs/compatibility.md); default false, as Control Room.
   */
  strictDeletePermission?: boolean
  /**
   * A Python executable for robots when rcc is not on PATH: its folder goes first on each robot's
   * PATH (docs/localroom.md, "Robot environments"); default: the PATH's own python.
   */
  robotPython?: string
  /**
   * Accept and send to webhook endpoints on link-local (169.254/16, fe80::/10) and cloud metadata
   * addresses, refused by default (webhooks/endpoint-guard.ts); default false.
   */
  allowLinkLocalWebhooks?: boolean
  /** Webhook delivery tuning: attempt timeout, retry schedule, and a clock for tests (webhooks/sender.ts). */
  webhookDelivery?: Pick<SenderOptions, 'attemptTimeoutMs' | 'retry' | 'now'>
}

export interface LocalRoom {
  /** API v1 base, e.g. http://127.0.0.1:4123/api/v1 (no trailing slash). */
  url: string
  /** http://host:port */
  origin: string
  workspaceId: string
  /** Set when issueBootstrapKey was asked for. */
  bootstrap: Bootstrap | null
  /** Every route the room declared (for its OpenAPI document and for tests that walk the API). */
  routes: readonly DeclaredRoute[]
  /**
   * Stops listening, kills running robots (their runs end unresolved) and closes the database. Runs
   * still waiting (not started, or waiting for a worker) start on the next start.
   */
  close(): Promise<void>
}

/**
 * The robots shipped with the app: the nearest resources/robots above this module. Searched for,
 * because the bundler may place this code in out/main or in a shared chunk under out/main/chunks.
 */
export function defaultRobotsDir(): string {
  let dir = __dirname
  for (let level = 0; level < 5; level++) {
    const candidate = join(dir, 'resources', 'robots')
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  return resolve(__dirname, '../../resources/robots')
}

/** Starts a local Control Room and resolves once it is listening. */
export async function startLocalRoom(options: LocalRoomOptions): Promise<LocalRoom> {
  const log = options.log ?? (() => {})
  const host = options.host ?? '127.0.0.1'
  // First of all: nothing in the data dir is read or changed before this room holds it.
  const lock = await claimDataDir(options.dataDir, log).catch((error) => {
    throw asStorageError(error, options.dataDir) ?? error
  })
  let db: ReturnType<typeof openDatabase>
  try {
    db = openDatabase(options.dataDir)
  } catch (error) {
    lock.release()
    throw error
  }
  const storage = new StorageHealth({ dataDir: options.dataDir, log, probe: () => probeWrite(db) })
  let runner: Runner | undefined
  let app: FastifyInstance | undefined
  let webhooks: WebhookSender | undefined
  try {
    const workspaceId = seedIfEmpty(db)
    // Half-written robot folders a crash left behind (uploads and imports are prepared beside the robots).
    await cleanRobotTemp(options.dataDir)
    await cleanUploadTemp(options.dataDir)
    const ownerId = ensureOwner(db, workspaceId)
    // Robots a crashed room left running are ended before their runs are settled, so none runs on.
    const killed = killOrphanedRobots(interruptedRobots(db))
    const recovered = settleInterruptedRuns(db)
    if (recovered.interrupted > 0)
      log(
        `marked ${recovered.interrupted} interrupted run(s) unresolved (${killed} orphaned robot(s) killed)`,
      )
    runner = new Runner({
      db,
      dataDir: options.dataDir,
      robotsDir: options.robotsDir ?? defaultRobotsDir(),
      log,
      storage,
      workers: options.workers,
      stepTimeoutSeconds: options.stepTimeoutSeconds,
      // Read when a step starts, after listen().
      origin: () => listeningOrigin(app, host),
      robotPython: options.robotPython,
    })
    const roomSecret = loadRoomSecret(options.dataDir)
    webhooks = new WebhookSender({
      db,
      secretKey: deriveKey(roomSecret, 'webhook-secrets'),
      storage,
      log,
      allowLinkLocal: options.allowLinkLocalWebhooks === true,
      ...options.webhookDelivery,
    })
    const ctx: RoomContext = {
      db,
      runner,
      workspaceId,
      // Read from the listening socket when a request needs it: no field to fill in after listen().
      origin: () => listeningOrigin(app, host),
      log,
      routes: new RouteRegistry(() => dataVersion(db), {
        strictDeletePermission: options.strictDeletePermission === true,
      }),
      dataDir: options.dataDir,
      robotsDir: options.robotsDir ?? defaultRobotsDir(),
      roomSecret,
      urls: createUrlSigner(roomSecret),
      storage,
      webhooks,
    }
    const server = buildApp(ctx)
    app = server
    await server.listen({ host, port: options.port ?? 0 })
    const origin = listeningOrigin(server, host)
    const url = `${origin}${API_PREFIX}`
    lock.announce({ url, workspaceId })
    // After listen: a room that fails to start must not revoke the key someone else is using.
    // Runs the previous start left waiting start again, in their original order.
    for (const runId of recovered.requeue) runner.enqueue(runId)
    // Deliveries a previous start left pending (a crash, a receiver that was down) go first.
    webhooks.start()
    if (recovered.requeue.length > 0) log(`restarting ${recovered.requeue.length} queued run(s)`)
    const bootstrap = options.issueBootstrapKey
      ? {
          url,
          workspace_id: workspaceId,
          api_key: issueBootstrapKey(db, workspaceId, apiKeyValueKey(roomSecret)),
          user_credential: issueBootstrapCredential(db, credentialSecretKey(roomSecret), ownerId),
        }
      : null
    log(`local Control Room listening on ${url} (workspace ${workspaceId}, data ${options.dataDir})`)

    const activeRunner = runner
    const activeWebhooks = webhooks
    let closing: Promise<void> | undefined
    return {
      url,
      origin,
      workspaceId,
      bootstrap,
      routes: ctx.routes.routes,
      close() {
        closing ??= (async () => {
          try {
            await server.close()
            await activeRunner.stop()
            // After the runner: the ends of the runs it stopped are queued, and sent on the next start.
            await activeWebhooks.close()
            storage.guard('writing key usage', () => writeKeyUse(db, storage))()
            // One last try of what a full disk kept back; runs still unrecorded are settled on the next start.
            storage.close()
            db.close()
          } finally {
            // Even after a failed close: this process must not keep another room out.
            lock.release()
          }
          log('local Control Room closed')
        })()
        return closing
      },
    }
  } catch (error) {
    await app?.close().catch(() => {})
    await runner?.stop().catch(() => {})
    await webhooks?.close().catch(() => {})
    storage.close()
    db.close()
    lock.release()
    // A full or read-only disk is named with its path, not as a bare SQLite or errno message.
    throw asStorageError(error, join(options.dataDir, DB_FILE)) ?? error
  }
}

/** http://host:port of a listening app ('' before it listens: no request can arrive then). */
function listeningOrigin(app: FastifyInstance | undefined, host: string): string {
  const address = app?.server.address()
  return typeof address === 'object' && address ? formatOrigin(host, address.port) : ''
}
