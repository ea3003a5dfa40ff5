/**
 * Keeps the tray model current: loads processes and runs, follows run events, and rebuilds the
 * model for the desktop adapter to render. Lives in core so it runs and is tested under plain Node.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { ProcessSummary, RunSummary } from '../../shared/domain'
import { compareNewestFirst, runKey } from '../../shared/runs'
import { type EventBus, isRunEvent } from './events'
import { buildTrayModel, type TrayListStatus, type TrayModel } from './tray-model'

export interface TrayController {
  /** Reloads processes and runs from every connection. */
  refresh(): Promise<void>
  model(): TrayModel
  dispose(): void
}

/**
 * Creates the controller and renders its first model at once (processes still loading); `render`
 * is called with every new model. A refresh that fails leaves a menu that says so.
 */
export function createTrayController(
  handlers: CommandHandlers,
  events: EventBus,
  render: (model: TrayModel) => void,
): TrayController {
  let processes: ProcessSummary[] = []
  let status: TrayListStatus = 'loading'
  const runs = new Map<string, RunSummary>()
  const model = () => buildTrayModel(processes, [...runs.values()].sort(compareNewestFirst), status)

  const unsubscribe = events.subscribe((event) => {
    if (!isRunEvent(event)) return
    runs.set(runKey(event.payload), event.payload)
    render(model())
  })
  render(model())

  return {
    async refresh() {
      try {
        const [processList, runList] = await Promise.all([
          handlers.processes.list({}),
          handlers.runs.list({ limit: 50 }),
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
        render(model())
      }
    },
    model,
    dispose: unsubscribe,
  }
}
