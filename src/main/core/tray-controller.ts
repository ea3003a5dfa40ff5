/**
 * Keeps the tray model current: loads processes and runs, follows run events, reads the favourites
 * from the settings, and rebuilds the model for the desktop adapter to render; while runs are going
 * it re-renders now and then so their elapsed time moves. Lives in core so it runs and is tested
 * under plain Node.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { ProcessSummary, RunSummary } from '../../shared/domain'
import { isFinalRunState, runKey, sortNewestFirst } from '../../shared/runs'
import { type EventBus, isRunEvent } from './events'
import type { Favourite } from './settings/settings-schema'
import { buildTrayModel, type TrayListStatus, type TrayModel } from './tray-model'
import { trayOverview } from './tray-overview'

export interface TrayController {
  /** Reloads processes and runs from every connection. */
  refresh(): Promise<void>
  model(): TrayModel
  dispose(): void
}

export interface TrayControllerOptions {
  /** The favourites as saved now (read at each render, so a change shows at the next one). */
  favourites?: () => Favourite[]
  now?: () => number
  /** How often the menu is drawn again while runs are going (their elapsed time). */
  tickMs?: number
  /** A render that throws from the timer is reported here. */
  onError?: (error: unknown) => void
}

/** How many finished runs the tray keeps: the last results come from these. */
const RUNS_KEPT = 50
const DEFAULT_TICK_MS = 30_000

/**
 * Creates the controller and renders its first model at once (processes still loading); `render`
 * is called with every new model. A refresh that fails leaves a menu that says so.
 */
export function createTrayController(
  handlers: CommandHandlers,
  events: EventBus,
  render: (model: TrayModel) => void,
  options: TrayControllerOptions = {},
): TrayController {
  const now = options.now ?? Date.now
  let processes: ProcessSummary[] = []
  let status: TrayListStatus = 'loading'
  const runs = new Map<string, RunSummary>()
  const overview = () => {
    return trayOverview([...runs.values()], processes, options.favourites?.() ?? [], now())
  }
  const model = () => buildTrayModel(overview(), processes, status)
  /** Past RUNS_KEPT, the oldest finished runs go (those still running always stay). */
  const forgetOldResults = () => {
    if (runs.size <= RUNS_KEPT) return
    for (const run of sortNewestFirst(runs.values()).slice(RUNS_KEPT))
      if (isFinalRunState(run.state)) runs.delete(runKey(run))
  }
  let ticker: NodeJS.Timeout | undefined
  const draw = () => {
    const current = overview()
    render(buildTrayModel(current, processes, status))
    // Elapsed times only move while something runs: no timer otherwise.
    const running = current.running.length > 0
    if (running && !ticker) {
      ticker = setInterval(() => {
        try {
          draw()
        } catch (error) {
          options.onError?.(error)
        }
      }, options.tickMs ?? DEFAULT_TICK_MS)
      ticker.unref?.()
    } else if (!running && ticker) {
      clearInterval(ticker)
      ticker = undefined
    }
  }

  const unsubscribe = events.subscribe((event) => {
    if (!isRunEvent(event)) return
    runs.set(runKey(event.payload), event.payload)
    forgetOldResults()
    draw()
  })
  draw()

  return {
    async refresh() {
      try {
        const [processList, runList] = await Promise.all([
          handlers.processes.list({}),
          handlers.runs.list({ limit: RUNS_KEPT }),
        ])
        processes = processList.processes
        // An empty list because every workspace failed to answer is not "no processes".
        status = processes.length === 0 && processList.failures.length > 0 ? 'failed' : 'loaded'
        runs.clear()
        for (const run of runList.runs) runs.set(runKey(run), run)
      } catch (error) {
        status = 'failed'
        throw error
      } finally {
        draw()
      }
    },
    model,
    dispose() {
      unsubscribe()
      if (ticker) clearInterval(ticker)
      ticker = undefined
    },
  }
}
