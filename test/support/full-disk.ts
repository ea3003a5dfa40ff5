/**
 * A real full disk for the room's data dir: a small tmpfs mounted for the test, filled to its last
 * block, freed again. Mounting needs root on Linux, so `tmpfs` says once, from a real mount
 * attempt, whether this machine can; the suites that need it skip with `tmpfs.reason` elsewhere.
 */
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DB_FILE } from '../../src/localroom/db/db'
import type { LocalRoomOptions } from '../../src/localroom/server'
import { roomFixture } from './room-fixture'

const run = (command: string, args: readonly string[]) =>
  spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

function probeTmpfs(): { ok: true; reason: '' } | { ok: false; reason: string } {
  if (process.platform !== 'linux')
    return { ok: false, reason: `tmpfs mounts need Linux (${process.platform})` }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'mounting a tmpfs needs root' }
  const dir = mkdtempSync(join(tmpdir(), 'robodeck-tmpfs-probe-'))
  try {
    const mounted = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir])
    if (mounted.status !== 0)
      return {
        ok: false,
        reason: `mount -t tmpfs is not permitted here: ${mounted.stderr.trim() || mounted.error}`,
      }
    run('umount', [dir])
    return { ok: true, reason: '' }
  } finally {
    rmdirSync(dir)
  }
}

/** Whether this machine can mount a tmpfs (checked once, by mounting one), and why not. */
export const tmpfs = probeTmpfs()

/** A mounted tmpfs of `sizeMiB`; fill() it to the last block, free() it, unmount() it. */
export interface SmallDisk {
  dir: string
  /**
   * Fills the disk. A room's write-ahead log in `dataDir` is checkpointed and truncated first
   * (through a second connection, as WAL allows), so that the room's next write needs new space.
   */
  fill(dataDir: string): void
  free(): Promise<void>
  /** Remounts the disk read-only (nothing may hold a file on it open for writing). */
  makeReadOnly(): void
  unmount(): Promise<void>
}

export function mountSmallDisk(sizeMiB: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'robodeck-small-disk-'))
  const mounted = run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir])
  if (mounted.status !== 0) throw new Error(`cannot mount a tmpfs on ${dir}: ${mounted.stderr}`)
  const filler = join(dir, 'filler')
  return {
    dir,
    fill(dataDir) {
      if (existsSync(join(dataDir, DB_FILE))) {
        const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
        try {
          const result = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number }
          if (result.busy !== 0) throw new Error('the room held its log: cannot truncate it')
        } finally {
          db.close()
        }
      }
      const fd = openSync(filler, 'a')
      try {
        // Smaller and smaller writes, down to one byte, take the last partial block too.
        for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
          const chunk = Buffer.alloc(size, 1)
          for (;;) {
            try {
              writeSync(fd, chunk)
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
              break
            }
          }
        }
      } finally {
        closeSync(fd)
      }
    },
    free: () => rm(filler, { force: true }),
    makeReadOnly() {
      const remounted = run('mount', ['-o', 'remount,ro', dir])
      if (remounted.status !== 0) throw new Error(`cannot remount ${dir} read-only: ${remounted.stderr}`)
    },
    async unmount() {
      // Lazily, should a robot the test left still hold a file open there.
      if (run('umount', [dir]).status !== 0) run('umount', ['-l', dir])
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * An in-process room (roomFixture) whose folder is a small tmpfs, for one test file: `disk` fills
 * and frees it between tests, `logs` holds the room's log lines; unmounted after.
 */
export function roomOnSmallDisk(options: Partial<LocalRoomOptions> = {}, sizeMiB = 16) {
  let disk: SmallDisk | undefined
  const logs: string[] = []
  const fixture = roomFixture({
    mode: 'in-process',
    log: (line) => logs.push(line),
    ...options,
    folder: {
      make: () => {
        disk = mountSmallDisk(sizeMiB)
        return disk.dir
      },
      // Space first, so that the room closes on a disk that takes its last writes.
      beforeClose: async () => disk?.free(),
      remove: async () => disk?.unmount(),
    },
  })
  return {
    fixture,
    logs,
    get disk(): SmallDisk {
      if (!disk) throw new Error('the small disk is read before its beforeAll ran')
      return disk
    },
  }
}
