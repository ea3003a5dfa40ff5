/**
 * When the watcher looks at a connection next. Pure, so the schedule is tested and benched
 * without timers: fast while the connection has active runs or the window has focus, slow when
 * idle or while webhook pushes arrive, exponential backoff after failures (never sooner than a Retry-After), always jittered so
 * many Robodecks (or many connections) do not poll in step.
 */

export interface ScheduleOptions {
  /** While runs are active or the window is focused. */
  fastMs: number
  /** Idle: at most 3600 / (slowMs / 1000) list requests an hour. */
  slowMs: number
  /** The longest wait after repeated failures. */
  maxBackoffMs: number
  /** ±fraction of the delay, e.g. 0.2. */
  jitter: number
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
  fastMs: 2_000,
  slowMs: 60_000,
  maxBackoffMs: 5 * 60_000,
  jitter: 0.2,
}

export interface ScheduleInput {
  activeRuns: number
  focused: boolean
  /** Failures in a row; 0 after a success. */
  failures: number
  /** What the server asked for on a 429/503. */
  retryAfterMs?: number
  /** Webhook pushes arrive for the connection: polling is only the safety net, at the idle pace. */
  pushFed?: boolean
}

export function nextDelayMs(
  options: ScheduleOptions,
  input: ScheduleInput,
  random: () => number = Math.random,
): number {
  const spread = (ms: number) => ms * (1 + (random() * 2 - 1) * options.jitter)
  const base = !input.pushFed && (input.activeRuns > 0 || input.focused) ? options.fastMs : options.slowMs
  if (input.failures > 0) {
    // Never more often than when healthy: an idle connection that fails stays at least slow.
    const backoff = Math.min(options.maxBackoffMs, Math.max(base, options.fastMs * 2 ** input.failures))
    const jittered = spread(backoff)
    // Never earlier than the server asked, jitter only adds to its wait.
    return Math.max(jittered, (input.retryAfterMs ?? 0) * (1 + random() * options.jitter))
  }
  return spread(base)
}
