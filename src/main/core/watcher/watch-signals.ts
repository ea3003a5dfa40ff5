/**
 * What the watcher hears from outside: the machine going to sleep and waking, the network going
 * and coming back, the window gaining and losing focus. In the desktop app Electron's powerMonitor
 * and the window feed the hub; in web mode the timer-gap detector below feeds it.
 */

export type WatchSignal = 'suspend' | 'resume' | 'online' | 'offline' | 'focus' | 'blur'

export interface WatchSignals {
  emit(signal: WatchSignal): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (signal: WatchSignal) => void): () => void
}

export function createSignalHub(): WatchSignals {
  const listeners = new Set<(signal: WatchSignal) => void>()
  return {
    emit(signal) {
      for (const listener of [...listeners]) listener(signal)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

export interface GapDetectorOptions {
  signals: WatchSignals
  /** How often the detector ticks. */
  intervalMs?: number
  /** How much later than due a tick may come before it counts as a sleep or a clock jump. */
  toleranceMs?: number
  now?: () => number
}

/**
 * Web mode has no powerMonitor: a timer that fires much later than it was due means the process
 * was frozen (the machine slept) or the wall clock jumped; either way the watcher should catch up,
 * so it emits `resume`. A clock jumping backwards is caught the same way. Returns the stop function.
 */
export function startTimerGapDetector(options: GapDetectorOptions): () => void {
  const interval = options.intervalMs ?? 5_000
  const tolerance = options.toleranceMs ?? 10_000
  const now = options.now ?? Date.now
  let last = now()
  const timer = setInterval(() => {
    const at = now()
    const gap = at - last
    last = at
    if (gap > interval + tolerance || gap < 0) options.signals.emit('resume')
  }, interval)
  timer.unref?.()
  return () => clearInterval(timer)
}
