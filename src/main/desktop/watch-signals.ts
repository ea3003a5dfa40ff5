/**
 * Feeds the core's watcher what only Electron knows: the machine going to sleep and waking
 * (powerMonitor), and the app window gaining and losing focus (fast polling while someone looks).
 */
import type { BrowserWindow, PowerMonitor } from 'electron'
import type { WatchSignals } from '../core/watcher/watch-signals'

/** Passes powerMonitor's suspend and resume on; returns the function that stops doing so. */
export function feedPowerSignals(signals: WatchSignals, power: Pick<PowerMonitor, 'on' | 'off'>): () => void {
  const suspend = () => signals.emit('suspend')
  const resume = () => signals.emit('resume')
  power.on('suspend', suspend)
  power.on('resume', resume)
  return () => {
    power.off('suspend', suspend)
    power.off('resume', resume)
  }
}

/** Passes a window's focus and blur on, for as long as the window lives. */
export function feedWindowSignals(signals: WatchSignals, window: Pick<BrowserWindow, 'on'>): void {
  window.on('focus', () => signals.emit('focus'))
  window.on('blur', () => signals.emit('blur'))
}
