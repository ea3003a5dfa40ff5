/**
 * Keeps the tray model current: loads processes and runs, follows run events, and rebuilds the
 * model for the desktop adapter to render. Lives in core so it runs and is tested under plain Node.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { ProcessSummary, RunSummary } from '../../shared/domain'
import { compareNewestFirst, runKey } from '../../shared/runs'
import type { EventBus } from './events'
import { buildTrayModel, type TrayModel } from './tray-model'

export interface TrayController {
  /** Reloads processes and runs from every connection. */
  refresh(): Promise<void>
  model(): TrayModel
  dispose(): void
}

/** Creates the controller; `render` is called with every new model. */
export function createTrayController(
  handlers: CommandHandlers,
  events: EventBus,
  render: (model: TrayModel) => void,
): TrayController {
  let processes: ProcessSummary[] = []
  const runs = new Map<string, RunSummary>()
  const model = () => buildTrayModel(processes, [...runs.values()].sort(compareNewestFirst))

  const unsubscribe = events.subscribe((event) => {
    if (event.name === 'connection.status') return
    runs.set(runKey(event.payload), event.payload)
    render(model())
  })

  return {
    async refresh() {
      const [processList, runList] = await Promise.all([
        handlers.processes.list({}),
        handlers.runs.list({ limit: 50 }),
      ])
      processes = processList.processes
      runs.clear()
      for (const run of runList.runs) runs.set(runKey(run), run)
      render(model())
    },
    model,
    dispose: unsubscribe,
  }
}
