/**
 * A step run's console on its way into the database: lines are written in batches (a robot that
 * prints fast must not cost one write transaction per line), and the stored console is bounded:
 * the first HEAD lines and the last TAIL lines are kept, one system line between them says how
 * many were dropped, and very long lines are cut with a marker. Lines the disk refuses (full,
 * read-only) stay buffered and are written when it takes them again; past MAX_UNWRITTEN the oldest
 * are counted, and a system line says how many were lost.
 */
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectOne, transaction } from '../db/db'
import type { StorageHealth } from '../storage/storage-health'
import type { ConsoleStream } from './step-run-store'

/** Bounds of one step run's stored console. */
export interface ConsoleLimits {
  headLines: number
  tailLines: number
  /** Longest line kept whole, in characters. */
  maxLineLength: number
}

export const DEFAULT_CONSOLE_LIMITS: ConsoleLimits = { headLines: 5000, tailLines: 5000, maxLineLength: 8192 }

/** How often buffered lines are written (they are served while the robot runs). */
const FLUSH_MS = 100
/** A batch this long is written at once. */
const FLUSH_LINES = 500
/** How often a sink whose last write the disk refused tries again. */
const RETRY_MS = 1000
/** Lines kept in memory while the disk refuses them. */
const MAX_UNWRITTEN = 2000

interface Line {
  timestamp: string
  stream: ConsoleStream
  message: string
}

/** Collects one step run's console lines; write() is cheap, close() flushes the rest. */
export class ConsoleSink {
  private pending: Line[] = []
  private stored = 0
  /** Rows stored after the marker (the tail), oldest first is not needed: only their count. */
  private tailStored = 0
  private markerSeq: number | null = null
  private dropped = 0
  /** Lines the disk refused and memory could not keep. */
  private lost = 0
  /** Whether the last write failed (then writes wait for the retry timer). */
  private failing = false
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly db: DatabaseSync,
    private readonly stepRunId: string,
    private readonly storage: Pick<StorageHealth, 'report' | 'ensure'>,
    private readonly limits: ConsoleLimits = DEFAULT_CONSOLE_LIMITS,
  ) {}

  /** Queues one line. */
  write(stream: ConsoleStream, message: string): void {
    const { maxLineLength } = this.limits
    const text =
      message.length > maxLineLength
        ? `${message.slice(0, maxLineLength)} … [line cut: ${message.length - maxLineLength} more characters]`
        : message
    this.pending.push({ timestamp: nowIso(), stream, message: text })
    // Past the head, lines beyond a tail's worth in the buffer would be deleted right after writing.
    if (this.markerSeq !== null && this.pending.length > this.limits.tailLines) {
      this.pending.shift()
      this.dropped++
    }
    this.keepWithinMemory()
    if (this.pending.length >= FLUSH_LINES && !this.failing) this.flush()
    else this.timer ??= setTimeout(() => this.flush(), this.failing ? RETRY_MS : FLUSH_MS)
  }

  /** Writes what is buffered now; never throws (it runs from timers and stream events). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    try {
      this.writePending()
    } catch (error) {
      this.storage.report(`storing console lines of step run ${this.stepRunId}`, error)
      this.timer = setTimeout(() => this.flush(), RETRY_MS)
    }
  }

  /**
   * Flushes and stops the timer. Lines the disk still refuses are left to storage, which writes
   * them once it takes writes again.
   */
  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    try {
      this.storage.ensure(`console lines of step run ${this.stepRunId}`, () => this.writePending())
    } catch (error) {
      this.storage.report(`storing console lines of step run ${this.stepRunId}`, error)
    }
  }

  /** Writes the buffered lines in one transaction; on failure they stay buffered and it throws. */
  private writePending(): void {
    if (this.pending.length === 0 && this.dropped === 0 && this.lost === 0) return
    const batch = this.pending
    this.pending = []
    // store() moves these along with the rows it writes; a rolled-back write must not move them.
    const { stored, tailStored, markerSeq, dropped, lost } = this
    try {
      transaction(this.db, () => {
        if (lost > 0)
          this.insert({
            timestamp: nowIso(),
            stream: 'system',
            message: `[Robodeck] ${lost} console line${lost === 1 ? ' was' : 's were'} lost here: the local Control Room could not store them`,
          })
        this.store(batch)
      })
      this.lost = 0
      this.failing = false
    } catch (error) {
      this.stored = stored
      this.tailStored = tailStored
      this.markerSeq = markerSeq
      this.dropped = dropped
      this.lost = lost
      this.pending = batch.concat(this.pending)
      this.keepWithinMemory()
      this.failing = true
      throw error
    }
  }

  private keepWithinMemory(): void {
    const excess = this.pending.length - MAX_UNWRITTEN
    if (excess <= 0) return
    this.pending.splice(0, excess)
    this.lost += excess
  }

  private store(batch: Line[]): void {
    const { headLines, tailLines } = this.limits
    for (const line of batch) {
      if (this.markerSeq === null && this.stored >= headLines) this.markerSeq = this.insertMarker()
      this.insert(line)
      this.stored++
      if (this.markerSeq !== null) this.tailStored++
    }
    if (this.markerSeq === null) return
    const excess = this.tailStored - tailLines
    if (excess > 0) {
      run(
        this.db,
        `DELETE FROM console_messages WHERE seq IN (
           SELECT seq FROM console_messages WHERE step_run_id = ? AND seq > ? ORDER BY seq LIMIT ?)`,
        this.stepRunId,
        this.markerSeq,
        excess,
      )
      this.tailStored -= excess
      this.dropped += excess
    }
    if (this.dropped > 0) {
      run(
        this.db,
        'UPDATE console_messages SET message = ? WHERE seq = ?',
        `[Robodeck] ${this.dropped} console line${this.dropped === 1 ? '' : 's'} dropped here: a step run keeps its first ${headLines} and last ${tailLines} lines`,
        this.markerSeq,
      )
    }
  }

  private insert(line: Line): void {
    run(
      this.db,
      'INSERT INTO console_messages (step_run_id, timestamp, stream, message) VALUES (?, ?, ?, ?)',
      this.stepRunId,
      line.timestamp,
      line.stream,
      line.message,
    )
  }

  private insertMarker(): number {
    this.insert({ timestamp: nowIso(), stream: 'system', message: '[Robodeck] console lines dropped here' })
    const row = selectOne<{ seq: number }>(this.db, 'SELECT last_insert_rowid() AS seq')
    return Number(row?.seq)
  }
}
