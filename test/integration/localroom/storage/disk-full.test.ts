/**
 * A real full disk under a running room (the CLI, a real process, over real HTTP): its data dir is
 * a small tmpfs, filled while a robot runs. The room must stay up, refuse writes with 507 and a
 * message that says the disk is full, log the cause once, and, once space returns, record the run
 * that ended meanwhile and every key use it counted. And a read-only data dir stops a start with
 * a message that names the path and the cause. Needs root on Linux (tmpfs); skipped elsewhere.
 */
import { chmod, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRoomSecret } from '../../../../src/localroom/credentials/room-secret'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { mountSmallDisk, type SmallDisk, tmpfs } from '../../../support/full-disk'
import { callApi, type SpawnedLocalRoom, spawnLocalRoom, waitFor } from '../../../support/localroom'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'
import { tempDir } from '../../../support/temp-dir'

const skipNote = tmpfs.ok ? '' : ` (skipped: ${tmpfs.reason})`

describe.skipIf(!tmpfs.ok)(`a room whose disk fills up${skipNote}`, () => {
  let disk: SmallDisk
  let room: SpawnedLocalRoom
  let dataDir: string
  let sleeper: string
  /** Requests made with the bootstrap key: each must end up in its request_count. */
  let keyUses = 0

  beforeAll(async () => {
    const robotsDir = await writeTestRobot(await tempDir('robodeck-disk-full-'))
    disk = mountSmallDisk(16)
    dataDir = join(disk.dir, 'data')
    room = await spawnLocalRoom({ dataDir, robotsDir })
    sleeper = insertTestProcess(dataDir, room.bootstrap.workspace_id, 'Sleeper')
  })
  afterAll(async () => {
    await disk?.free()
    await room?.stop()
    await disk?.unmount()
  })

  const api = (method: string, path: string, body?: unknown) => {
    keyUses++
    return callApi(room.bootstrap.url, method, `/workspaces/${room.bootstrap.workspace_id}${path}`, {
      key: room.bootstrap.api_key,
      body,
    })
  }
  const fullDiskLines = () =>
    room
      .stderr()
      .split('\n')
      .filter((line) => line.includes('the disk is full'))

  it('stays up, refuses writes with 507, records the run that ended meanwhile and every key use once space returns', async () => {
    // A robot that prints two lines, then sleeps quietly (so the log can be truncated) and, once the
    // disk is full, fails to write its output.
    const started = await api('POST', `/processes/${sleeper}/process-runs`, {
      type: 'with_payloads',
      payloads: [{ mode: 'sleep', ms: 2500, ticks: 0 }],
    })
    expect(started.status).toBe(200)
    const runId: string = started.body.id
    await waitFor(async () => {
      const steps = (await api('GET', `/step-runs?process_run_id=${runId}`)).body.data
      return steps?.[0]?.state === 'in_progress'
    })
    await new Promise((done) => setTimeout(done, 300))
    disk.fill(dataDir)

    const refused = await api('POST', `/processes/${sleeper}/process-runs`, {
      type: 'with_payloads',
      payloads: [{}],
    })
    expect(refused.status).toBe(507)
    expect(refused.body.error.code).toBe('insufficient_storage')
    expect(refused.body.error.message).toMatch(/disk is full/)
    // The path is for the room's log, not for API clients.
    expect(refused.body.error.message).not.toContain(disk.dir)

    // Reads go on; each request counts a key use the full disk keeps from being written.
    for (let i = 0; i < 5; i++) expect((await api('GET', '/processes')).status).toBe(200)
    // The robot ends (it cannot even write its output) while the disk is full: its end cannot be
    // written either, and the room stays up.
    await new Promise((done) => setTimeout(done, 3500))
    expect(room.child.exitCode).toBeNull()
    expect((await api('GET', `/process-runs/${runId}`)).body.state).toBe('in_progress')
    expect(room.stderr()).not.toMatch(/cannot rollback|internal_error|\n\s+at /)
    // The cause, with the path, once: not once per request or per retry.
    expect(fullDiskLines()).toHaveLength(1)
    expect(fullDiskLines()[0]).toContain(join(dataDir, DB_FILE))
    expect(fullDiskLines()[0]).toContain('SQLITE_FULL')

    await disk.free()
    const ended = await waitFor(async () => {
      const run = (await api('GET', `/process-runs/${runId}`)).body
      return run.state === 'unresolved' ? run : null
    })
    expect(ended.ended_at).toEqual(expect.any(String))
    const [step] = (await api('GET', `/step-runs?process_run_id=${runId}`)).body.data
    expect(step).toMatchObject({ state: 'failed', error: { code: 'insufficient_storage' } })
    // Its console, kept in memory while the disk was full, says what happened.
    const console = (await api('GET', `/step-runs/${step.id}/console-messages?limit=500`)).body.data.map(
      (line: { message: string }) => line.message,
    )
    expect(console).toContain("The local Control Room could not store the run's progress: the disk is full")
    await waitFor(() => room.stderr().includes('takes writes again'))
    expect(room.child.exitCode).toBeNull()

    const again = await api('POST', `/processes/${sleeper}/process-runs`, {
      type: 'with_payloads',
      payloads: [{}],
    })
    expect(again.status).toBe(200)

    // Every request made with the key is counted, those of the full disk included.
    const db = new DatabaseSync(join(dataDir, DB_FILE), { readOnly: true, timeout: 5000 })
    try {
      const counted = () =>
        Number(
          (
            db
              .prepare('SELECT request_count FROM api_keys WHERE bootstrap = 1 AND workspace_id = ?')
              .get(room.bootstrap.workspace_id) as { request_count: number }
          ).request_count,
        )
      await waitFor(() => counted() === keyUses, { timeoutMs: 5000 })
    } finally {
      db.close()
    }
    expect(fullDiskLines()).toHaveLength(1)
  })
})

describe.skipIf(!tmpfs.ok)(`a start on a full disk${skipNote}`, () => {
  it('is refused with the database path and "the disk is full"', async () => {
    const disk = mountSmallDisk(16)
    try {
      const dataDir = join(disk.dir, 'data')
      await (await spawnLocalRoom({ dataDir })).stop()
      disk.fill(dataDir)
      const message = await spawnLocalRoom({ dataDir }).then(
        async (room) => {
          await room.stop()
          return 'started'
        },
        (error: Error) => error.message,
      )
      expect(message).toMatch(/cannot start: .*the disk is full/)
      expect(message).toContain(join(dataDir, DB_FILE))
    } finally {
      await disk.unmount()
    }
  })
})

describe.skipIf(!tmpfs.ok)(`the room secret on a full disk${skipNote}`, () => {
  it('is never left half-written, which would stop every later start as "damaged"', async () => {
    const disk = mountSmallDisk(1)
    try {
      disk.fill(disk.dir)
      expect(() => loadRoomSecret(disk.dir)).toThrow(/ENOSPC/)
      expect(await readdir(disk.dir)).toEqual(['filler'])
      await disk.free()
      expect(loadRoomSecret(disk.dir)).toHaveLength(32)
    } finally {
      await disk.unmount()
    }
  })
})

describe.skipIf(!tmpfs.ok)(`a room on a read-only disk${skipNote}`, () => {
  it('refuses to start with the path and "read-only", not ENOENT, for a new data dir', async () => {
    const disk = mountSmallDisk(1)
    try {
      disk.makeReadOnly()
      const dataDir = join(disk.dir, 'data')
      const start = spawnLocalRoom({ dataDir })
      await expect(start).rejects.toThrow(/cannot start: .*read-only/)
      const message = await start.catch((error: Error) => error.message)
      expect(message).toContain(dataDir)
      expect(message).not.toContain('ENOENT')
    } finally {
      await disk.unmount()
    }
  })

  it('refuses to start with the path and "read-only" for a data dir that became read-only', async () => {
    const disk = mountSmallDisk(16)
    try {
      const dataDir = join(disk.dir, 'data')
      await (await spawnLocalRoom({ dataDir })).stop()
      disk.makeReadOnly()
      const message = await spawnLocalRoom({ dataDir }).then(
        async (room) => {
          await room.stop()
          return 'started'
        },
        (error: Error) => error.message,
      )
      // The first file the room opens (its data dir lock) with the real cause, not a bare
      // "unable to open database file".
      expect(message).toMatch(/cannot start: .*read-only \(EROFS\)/)
      expect(message).toContain(join(dataDir, 'localroom.lock'))
    } finally {
      await disk.unmount()
    }
  })
})

const isRoot = process.getuid?.() === 0
describe.skipIf(isRoot || process.platform === 'win32')(
  `a room whose data dir it may not write${isRoot ? ' (skipped: root writes whatever the modes say)' : process.platform === 'win32' ? ' (skipped: POSIX modes)' : ''}`,
  () => {
    it('refuses to start with the path and "permission denied"', async () => {
      const parent = join(await tempDir('robodeck-disk-full-'), 'locked')
      await mkdir(parent, { recursive: true })
      await chmod(parent, 0o500)
      try {
        const message = await spawnLocalRoom({ dataDir: join(parent, 'data') }).then(
          async (room) => {
            await room.stop()
            return 'started'
          },
          (error: Error) => error.message,
        )
        expect(message).toMatch(/cannot start: .*permission denied/)
        expect(message).toContain(join(parent, 'data'))
      } finally {
        await chmod(parent, 0o700)
      }
    })
  },
)
