/**
 * The window's size and place, kept in the settings (core.settings) between starts. A saved place
 * is used only when the window's title bar would be on a display the system has now (a monitor may
 * have been unplugged, or its resolution changed); otherwise the window opens at its default place.
 */
import type { BrowserWindow, Rectangle } from 'electron'
import type { WindowBounds } from '../core/settings/settings-schema'

/** How much of the title bar must be on a display for the window to be reachable there. */
const TITLE_BAR_HEIGHT = 32
const MIN_VISIBLE_WIDTH = 100
const MIN_VISIBLE_HEIGHT = 16
const SAVE_DELAY_MS = 500

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

/**
 * The saved bounds when the window can be reached there (its size trimmed to that display's work
 * area), or undefined to use the default place.
 */
export function restorableBounds(
  saved: WindowBounds | undefined,
  workAreas: readonly Rectangle[],
): WindowBounds | undefined {
  if (!saved) return undefined
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: TITLE_BAR_HEIGHT }
  const area = workAreas.find((candidate) => {
    const visible = overlap(titleBar, candidate)
    return visible.width >= Math.min(MIN_VISIBLE_WIDTH, saved.width) && visible.height >= MIN_VISIBLE_HEIGHT
  })
  if (!area) return undefined
  return {
    ...saved,
    width: Math.min(saved.width, area.width),
    height: Math.min(saved.height, area.height),
  }
}

/** The bounds to save for a window: its normal (not maximised) bounds and whether it is maximised. */
export function currentBounds(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowBounds {
  const { x, y, width, height } = window.getNormalBounds()
  return { x, y, width, height, maximized: window.isMaximized() }
}

/**
 * Saves the window's bounds a moment after it moves or resizes, and at once when it closes or
 * hides; returns a function that stops (and saves what is pending).
 */
export function trackWindowBounds(window: BrowserWindow, save: (bounds: WindowBounds) => void): () => void {
  let timer: NodeJS.Timeout | undefined
  const saveNow = () => {
    clearTimeout(timer)
    timer = undefined
    if (!window.isDestroyed() && !window.isMinimized()) save(currentBounds(window))
  }
  const saveSoon = () => {
    clearTimeout(timer)
    timer = setTimeout(saveNow, SAVE_DELAY_MS)
  }
  const changes = ['resize', 'move', 'maximize', 'unmaximize'] as const
  for (const change of changes) window.on(change as 'resize', saveSoon)
  window.on('close', saveNow)
  window.on('hide', saveNow)
  return () => {
    if (timer) saveNow()
    for (const change of changes) window.off(change as 'resize', saveSoon)
    window.off('close', saveNow)
    window.off('hide', saveNow)
  }
}
