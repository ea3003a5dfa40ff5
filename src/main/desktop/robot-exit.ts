/**
 * Ending a process the way Node does, once nothing is left to do: for robots that the desktop app
 * runs as utility processes (robot-entry.ts), which Electron does not end when their event loop
 * empties (electron/electron#47228). "Nothing left to do" is what Node itself asks: the resources
 * keeping the event loop alive (process.getActiveResourcesInfo(): handles, requests, timers),
 * compared with those the process had before the robot started.
 */

const POLL_MS = 50
/** Idle checks in a row before the process ends: work can be scheduled between two of them. */
const IDLE_CHECKS = 2

/** Counts resources by type. */
export function countResources(types: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1)
  return counts
}

/** Whether `active` holds nothing beyond the baseline (of each type, no more than there was). */
export function isIdle(baseline: ReadonlyMap<string, number>, active: readonly string[]): boolean {
  for (const [type, count] of countResources(active)) if (count > (baseline.get(type) ?? 0)) return false
  return true
}

/**
 * Calls `exit` once the process has been idle for IDLE_CHECKS polls in a row, after giving
 * 'beforeExit' listeners (as Node would) the chance to schedule more work.
 */
export function exitWhenIdle(options: {
  baseline: ReadonlyMap<string, number>
  active: () => readonly string[]
  exit: () => void
  beforeExit: () => void
  pollMs?: number
}): NodeJS.Timeout {
  let idleChecks = 0
  let warned = false
  const timer = setInterval(() => {
    if (!isIdle(options.baseline, options.active())) {
      idleChecks = 0
      warned = false
      return
    }
    if (++idleChecks < IDLE_CHECKS) return
    if (!warned) {
      warned = true
      idleChecks = 0
      options.beforeExit()
      return
    }
    clearInterval(timer)
    options.exit()
  }, options.pollMs ?? POLL_MS)
  // The watch itself must never be what keeps the process alive.
  timer.unref()
  return timer
}
