/**
 * The local room's supervisor, with rooms as plain objects whose exit the test decides: a crash is
 * reported and followed by a restart after a delay that doubles, a room that ran a while starts the
 * count again, it gives up after too many, and stop() waits for the room, even during a start.
 */
import { describe, expect, it, vi } from 'vitest'
import { type RoomReport, restartDelay, superviseRoom } from '../../../../src/main/core/room-supervisor'

function fakeRoom(name: string) {
  let exit: (code: number) => void = () => {}
  const room = {
    name,
    exited: new Promise<number>((done) => {
      exit = done
    }),
    stop: vi.fn(async () => exit(0)),
    crash: (code = 139) => exit(code),
  }
  return room
}

function setup(options: { startFails?: (n: number) => boolean } = {}) {
  const started: ReturnType<typeof fakeRoom>[] = []
  const reports: RoomReport[] = []
  let now = 0
  const connect = vi.fn(async () => {})
  const supervisor = superviseRoom({
    start: vi.fn(async () => {
      if (options.startFails?.(started.length + 1)) {
        started.push(fakeRoom('failed'))
        throw new Error('cannot start')
      }
      const room = fakeRoom(`room ${started.length + 1}`)
      started.push(room)
      return room
    }),
    connect,
    report: (event) => reports.push(event),
    backoff: { firstMs: 1000, maxMs: 8000, maxRestarts: 4, stableAfterMs: 60_000 },
    now: () => now,
  })
  return { supervisor, started, reports, connect, advanceClock: (ms: number) => (now += ms) }
}

describe('room supervisor', () => {
  it('doubles the delay up to its cap', () => {
    const backoff = { firstMs: 1000, maxMs: 8000, maxRestarts: 10, stableAfterMs: 1 }
    expect([1, 2, 3, 4, 5, 6].map((attempt) => restartDelay(attempt, backoff))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ])
  })

  it('reports a crash and starts the room again after the delay, connecting the core to it', async () => {
    vi.useFakeTimers()
    try {
      const { supervisor, started, reports, connect } = setup()
      const first = await supervisor.start()
      expect(connect).toHaveBeenLastCalledWith(first)
      started[0]?.crash(139)
      await vi.advanceTimersByTimeAsync(0)
      expect(reports).toEqual([{ kind: 'crashed', exitCode: 139, attempt: 1, restartInMs: 1000 }])
      expect(supervisor.current()).toBeUndefined()
      await vi.advanceTimersByTimeAsync(999)
      expect(started).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(started).toHaveLength(2)
      expect(connect).toHaveBeenLastCalledWith(started[1])
      expect(supervisor.current()).toBe(started[1])
      expect(reports.at(-1)).toEqual({ kind: 'restarted', attempt: 1 })
      // The second crash in a row waits twice as long.
      started[1]?.crash(1)
      await vi.advanceTimersByTimeAsync(0)
      expect(reports.at(-1)).toMatchObject({ kind: 'crashed', attempt: 2, restartInMs: 2000 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('starts the count again for a room that ran a while, and gives up after too many in a row', async () => {
    vi.useFakeTimers()
    try {
      const { supervisor, started, reports, advanceClock } = setup({ startFails: (n) => n >= 3 })
      await supervisor.start()
      advanceClock(120_000)
      started[0]?.crash()
      await vi.advanceTimersByTimeAsync(1000)
      advanceClock(120_000)
      // Up a long time before it crashed: attempt 1 again, not 2.
      started[1]?.crash()
      await vi.advanceTimersByTimeAsync(0)
      expect(reports.at(-1)).toMatchObject({ kind: 'crashed', attempt: 1, restartInMs: 1000 })
      // Every later start fails: 1 s, 2 s, 4 s, 8 s, then it stops trying.
      await vi.advanceTimersByTimeAsync(60_000)
      expect(reports.filter((report) => report.kind === 'restart-failed').map((r) => r.attempt)).toEqual([
        2, 3, 4,
      ])
      expect(reports.at(-1)).toEqual({ kind: 'gave-up', attempts: 4 })
      const tries = started.length
      await vi.advanceTimersByTimeAsync(600_000)
      expect(started).toHaveLength(tries)
    } finally {
      vi.useRealTimers()
    }
  })

  it('stops the room it runs, and a stop is not taken for a crash', async () => {
    const { supervisor, started, reports } = setup()
    await supervisor.start()
    await supervisor.stop()
    expect(started[0]?.stop).toHaveBeenCalledTimes(1)
    await new Promise((done) => setTimeout(done, 10))
    expect(reports).toEqual([])
  })

  it('stops a room that was still starting when the app quit, and starts no other', async () => {
    let finishStart: (room: ReturnType<typeof fakeRoom>) => void = () => {}
    const room = fakeRoom('slow')
    const supervisor = superviseRoom({
      start: () =>
        new Promise<ReturnType<typeof fakeRoom>>((done) => {
          finishStart = done
        }),
      connect: vi.fn(async () => {}),
      report: vi.fn(),
    })
    const starting = supervisor.start().catch((error: Error) => error)
    const stopped = supervisor.stop()
    finishStart(room)
    await stopped
    expect(room.stop).toHaveBeenCalledTimes(1)
    expect(await starting).toBeInstanceOf(Error)
  })

  it('stops a room the core could not connect to, without taking that for a crash', async () => {
    const report = vi.fn()
    const room = fakeRoom('unusable')
    const supervisor = superviseRoom({
      start: async () => room,
      connect: async () => {
        throw new Error('no key')
      },
      report,
    })
    await expect(supervisor.start()).rejects.toThrow('no key')
    expect(room.stop).toHaveBeenCalledTimes(1)
    await new Promise((done) => setTimeout(done, 10))
    expect(report).not.toHaveBeenCalled()
  })

  it('keeps restarting when a report fails (a notification the OS refuses)', async () => {
    vi.useFakeTimers()
    try {
      const started: ReturnType<typeof fakeRoom>[] = []
      const supervisor = superviseRoom({
        start: async () => {
          const room = fakeRoom('r')
          started.push(room)
          return room
        },
        connect: async () => {},
        report: () => {
          throw new Error('notifications are off')
        },
      })
      await supervisor.start()
      started[0]?.crash()
      await vi.advanceTimersByTimeAsync(1000)
      expect(started).toHaveLength(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
