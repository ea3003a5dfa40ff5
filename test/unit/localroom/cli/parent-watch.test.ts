/** Noticing that the room's parent has gone: a changed ppid on POSIX, a vanished pid on Windows. */
import { describe, expect, it, vi } from 'vitest'
import { watchParent } from '../../../../src/localroom/cli/parent-watch'

describe('parent watch', () => {
  it('on POSIX, calls back once when the process is re-parented', async () => {
    vi.useFakeTimers()
    try {
      let ppid = 100
      const onGone = vi.fn()
      watchParent(onGone, { platform: 'linux', currentPpid: () => ppid, intervalMs: 1000 })
      await vi.advanceTimersByTimeAsync(3000)
      expect(onGone).not.toHaveBeenCalled()
      ppid = 1
      await vi.advanceTimersByTimeAsync(1000)
      await vi.advanceTimersByTimeAsync(5000)
      expect(onGone).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('on Windows, where an orphan keeps its ppid, probes the parent by its pid', async () => {
    vi.useFakeTimers()
    try {
      let alive = true
      const isAlive = vi.fn(() => alive)
      const onGone = vi.fn()
      watchParent(onGone, { platform: 'win32', currentPpid: () => 4242, isAlive, intervalMs: 500 })
      await vi.advanceTimersByTimeAsync(1000)
      expect(isAlive).toHaveBeenCalledWith(4242)
      expect(onGone).not.toHaveBeenCalled()
      alive = false
      await vi.advanceTimersByTimeAsync(500)
      expect(onGone).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('never keeps the process alive, and stops watching when asked', () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length
    const before = timeouts()
    const onGone = vi.fn()
    const stop = watchParent(onGone, { intervalMs: 10 })
    // Node lists only the timers that keep the event loop alive: the watch's is unref'd.
    expect(timeouts()).toBe(before)
    stop()
  })
})
