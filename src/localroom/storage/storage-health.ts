/**
 * How a room lives through a full or read-only disk. Requests that need a write fail with the
 * storage answer (errors.ts); the cause is logged once for the whole time the disk refuses writes,
 * not once per request; what must not be lost (a run's end, usage counts, console lines) is kept
 * and written again every RETRY_MS until the disk takes it; and once it does, the room says so.
 * It is also the one place timers and event handlers report what they throw, so that no callback
 * can end the process.
 */
import { join } from 'node:path'
import { DB_FILE } from '../db/db'
import { asStorageError, type StorageError } from '../http/errors'

/** How often writes kept back by a storage failure are tried again. */
export const STORAGE_RETRY_MS = 1000

export interface StorageHealthOptions {
  dataDir: string
  log: (line: string) => void
  /** A small real write that tells whether the disk takes writes again (default: none). */
  probe?: () => void
  retryMs?: number
}

/** One room's view of its disk: the current storage failure, and the writes waiting for space. */
export class StorageHealth {
  private failure: StorageError | null = null
  /** Writes kept back, by what they record; a newer write for the same thing replaces the older. */
  private readonly pending = new Map<string, () => void>()
  private timer: NodeJS.Timeout | undefined
  private closed = false
  private readonly dbPath: string

  constructor(private readonly options: StorageHealthOptions) {
    this.dbPath = join(options.dataDir, DB_FILE)
  }

  /** The storage failure in force, or null while the disk takes writes. */
  get problem(): StorageError | null {
    return this.failure
  }

  /** How many writes wait for the disk. */
  get waiting(): number {
    return this.pending.size
  }

  /**
   * The storage failure an error is, or null. The first failure of a streak (and a change of
   * cause) is logged with its path and real cause; the rest are not, however many requests fail.
   */
  notice(error: unknown): StorageError | null {
    const failure = asStorageError(error, this.dbPath)
    if (!failure) return null
    if (this.failure?.problem !== failure.problem) {
      this.options.log(
        `storage: ${failure.message}. Requests that write are refused until the disk takes writes again; what the room could not record is kept and retried.`,
      )
    }
    this.failure = failure
    this.schedule()
    return failure
  }

  /** Reports what background work (a timer, an event handler) threw: never rethrown. */
  report(what: string, error: unknown): void {
    if (this.notice(error)) return
    this.options.log(`error: ${what}: ${(error as Error)?.stack ?? String(error)}`)
  }

  /** Wraps a timer or event callback so that whatever it throws is reported, never uncaught. */
  guard<A extends unknown[]>(what: string, callback: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        callback(...args)
      } catch (error) {
        this.report(what, error)
      }
    }
  }

  /**
   * Writes something that must not be lost now, or, if the disk refuses it, keeps it under `key`
   * and writes it again until the disk takes it (a later call with the same key replaces it).
   * Returns whether it was written now. Any other error is thrown: it is the caller's to handle.
   */
  ensure(key: string, write: () => void): boolean {
    this.pending.delete(key)
    try {
      write()
      return true
    } catch (error) {
      if (!this.notice(error)) throw error
      this.pending.set(key, write)
      return false
    }
  }

  /** Tries once more what is kept; what still fails is logged (the next start recovers runs). */
  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    for (const [key, write] of this.pending) {
      try {
        write()
      } catch (error) {
        this.options.log(
          `storage: could not record ${key} before closing: ${asStorageError(error, this.dbPath)?.message ?? (error as Error).message}`,
        )
      }
    }
    this.pending.clear()
  }

  private schedule(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => this.retry(), this.options.retryMs ?? STORAGE_RETRY_MS)
    // The room's server keeps the process alive; a retry alone must not.
    this.timer.unref()
  }

  private retry(): void {
    this.timer = undefined
    for (const [key, write] of this.pending) {
      try {
        write()
        this.pending.delete(key)
      } catch (error) {
        // Still refused: notice() has scheduled the next try.
        if (this.notice(error)) return
        this.pending.delete(key)
        this.options.log(`error: cannot record ${key}: ${(error as Error)?.stack ?? String(error)}`)
      }
    }
    if (!this.failure) return
    try {
      this.options.probe?.()
    } catch (error) {
      if (this.notice(error)) return
      this.options.log(`error: storage probe: ${(error as Error)?.stack ?? String(error)}`)
    }
    this.options.log(`storage: ${this.options.dataDir} takes writes again`)
    this.failure = null
  }
}
