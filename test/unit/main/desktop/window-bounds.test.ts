/** The window's saved place: used only where its title bar is on a display the system has now. */
import { describe, expect, it, vi } from 'vitest'
import { FakeBrowserWindow } from '../../../support/electron-mock'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { restorableBounds, trackWindowBounds } = await import('../../../../src/main/desktop/window-bounds')

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const monitorOnTheLeft = { x: -1920, y: 0, width: 1920, height: 1050 }
const saved = (x: number, y: number, width = 1000, height = 700) => ({
  x,
  y,
  width,
  height,
  maximized: false,
})

describe('window bounds', () => {
  it('restores a place that is on a display, trimmed to that display', () => {
    expect(restorableBounds(saved(100, 80), [laptop])).toEqual(saved(100, 80))
    expect(restorableBounds(saved(-1800, 40), [laptop, monitorOnTheLeft])).toEqual(saved(-1800, 40))
    // Saved on a bigger monitor, restored on the laptop: no larger than its work area.
    expect(restorableBounds(saved(0, 0, 2400, 1300), [laptop])).toEqual(saved(0, 0, 1440, 875))
  })

  it('drops a place whose title bar is off every display (a monitor unplugged, a resolution changed)', () => {
    expect(restorableBounds(saved(-1800, 40), [laptop])).toBeUndefined()
    expect(restorableBounds(saved(3000, 100), [laptop])).toBeUndefined()
    // Only the bottom of the window would show: its title bar, and so its move handle, would not.
    expect(restorableBounds(saved(100, -650), [laptop])).toBeUndefined()
    // A sliver of the title bar is not enough to grab.
    expect(restorableBounds(saved(1420, 100), [laptop])).toBeUndefined()
    expect(restorableBounds(undefined, [laptop])).toBeUndefined()
    expect(restorableBounds(saved(0, 0), [])).toBeUndefined()
  })

  it('saves the normal bounds and the maximised state after a move, and at once on close', async () => {
    vi.useFakeTimers()
    try {
      const window = new FakeBrowserWindow({ x: 10, y: 20, width: 900, height: 600 })
      const save = vi.fn()
      // biome-ignore lint/suspicious/noExplicitAny: the double stands in for BrowserWindow
      trackWindowBounds(window as any, save)
      window.bounds = { x: 50, y: 60, width: 910, height: 610 }
      window.emit('move')
      window.emit('resize')
      expect(save).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(600)
      expect(save).toHaveBeenCalledExactlyOnceWith({
        x: 50,
        y: 60,
        width: 910,
        height: 610,
        maximized: false,
      })
      window.maximized = true
      window.emit('maximize')
      window.emit('close')
      expect(save).toHaveBeenLastCalledWith({ x: 50, y: 60, width: 910, height: 610, maximized: true })
    } finally {
      vi.useRealTimers()
    }
  })
})
