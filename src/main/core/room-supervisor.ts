/**
 * Keeps the app's local room running. It connects the core to each room it starts, notices a room
 * that ends without being asked to, and starts another after a delay that doubles with each crash
 * in a row (a room that stayed up for a while starts the count again). After maxRestarts crashes in
 * a row it gives up and says so. A room another process runs (attached, no `exited`) is not the
 * app's: it is connected to, never restarted or stopped. Plain Node: the room is whatever start()
 * returns, an Electron utility process in the app, a child process in tests.
 */

export interface SupervisedRoom {
  /** For a room this app started: resolves with its exit code when it ends. */
  exited?: Promise<number>
  /** Asks the room to shut down and waits for it (a no-op for an attached room). */
  stop(): Promise<void>
}

/** What the supervisor tells the app, to log and to show the user. */
export type RoomReport =
  | { kind: 'crashed'; exitCode: number; attempt: number; restartInMs: number }
  | { kind: 'restarted'; attempt: number }
  | { kind: 'restart-failed'; error: unknown; attempt: number; restartInMs: number }
  | { kind: 'gave-up'; attempts: number }

export interface RoomBackoff {
  /** The delay before the first restart; each crash in a row doubles it. */
  firstMs: number
  maxMs: number
  /** Restarts tried in a row before giving up. */
  maxRestarts: number
  /** A room that ran this long before it crashed starts the count again. */
  stableAfterMs: number
}

export const DEFAULT_ROOM_BACKOFF: RoomBackoff = {
  firstMs: 1_000,
  maxMs: 60_000,
  maxRestarts: 6,
  stableAfterMs: 60_000,
}

export interface RoomSupervisorOptions<R extends SupervisedRoom> {
  start(): Promise<R>
  /** Connects the core to a room just started (the first one and every restart). */
  connect(room: R): Promise<void>
  report(event: RoomReport): void
  backoff?: Partial<RoomBackoff>
  now?: () => number
}

export interface RoomSupervisor<R extends SupervisedRoom> {
  /** Starts and connects the first room; rejects when that fails (the app cannot start). */
  start(): Promise<R>
  /** The room running now, if any. */
  current(): R | undefined
  /** Stops supervising, then stops the room and waits for it; safe during a start or a restart delay. */
  stop(): Promise<void>
}

/** The delay before restart number `attempt` (1-based). */
export function restartDelay(attempt: number, backoff: RoomBackoff): number {
  return Math.min(backoff.firstMs * 2 ** (attempt - 1), backoff.maxMs)
}

export function superviseRoom<R extends SupervisedRoom>(
  options: RoomSupervisorOptions<R>,
): RoomSupervisor<R> {
  const backoff = { ...DEFAULT_ROOM_BACKOFF, ...options.backoff }
  const now = options.now ?? Date.now
  let room: R | undefined
  let stopped = false
  let attempts = 0
  let timer: NodeJS.Timeout | undefined
  let starting: Promise<unknown> = Promise.resolve()

  // A report that fails (say, a notification the OS refuses) must not stop the restarts.
  const report = (event: RoomReport) => {
    try {
      options.report(event)
    } catch {
      // Nothing more to tell anyone.
    }
  }

  /** Counts one more failure in a row; schedules the next try, or gives up. */
  const retry = (event: (attempt: number, restartInMs: number) => RoomReport) => {
    attempts++
    if (attempts > backoff.maxRestarts) {
      report({ kind: 'gave-up', attempts: attempts - 1 })
      return
    }
    const delayMs = restartDelay(attempts, backoff)
    timer = setTimeout(() => void restart(), delayMs)
    report(event(attempts, delayMs))
  }

  const watch = (started: R, startedAt: number) => {
    void started.exited?.then((exitCode) => {
      // Stopped on purpose, or already replaced: not a crash.
      if (stopped || room !== started) return
      room = undefined
      if (now() - startedAt >= backoff.stableAfterMs) attempts = 0
      retry((attempt, restartInMs) => ({ kind: 'crashed', exitCode, attempt, restartInMs }))
    })
  }

  const launch = (): Promise<R> => {
    const launched = (async () => {
      const started = await options.start()
      if (stopped) {
        await started.stop()
        throw new Error('the app is quitting')
      }
      room = started
      watch(started, now())
      try {
        await options.connect(started)
      } catch (error) {
        // A room the core cannot use is stopped, and its exit is not taken for a crash.
        room = undefined
        await started.stop()
        throw error
      }
      return started
    })()
    starting = launched.catch(() => {})
    return launched
  }

  const restart = async () => {
    if (stopped) return
    try {
      await launch()
      report({ kind: 'restarted', attempt: attempts })
    } catch (error) {
      if (stopped) return
      retry((attempt, restartInMs) => ({ kind: 'restart-failed', error, attempt, restartInMs }))
    }
  }

  return {
    start: launch,
    current: () => room,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await starting
      const running = room
      room = undefined
      await running?.stop()
    },
  }
}
