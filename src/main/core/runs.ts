/** Mapping Control Room's run objects to the renderer's RunSummary. */
import type { RunSummary } from '../../shared/domain'
import type { ApiProcessRun } from './controlroom-schemas'

export function toRunSummary(connectionId: string, run: ApiProcessRun): RunSummary {
  return {
    connectionId,
    id: run.id,
    processId: run.process.id,
    processName: run.process.name,
    state: run.state,
    createdAt: run.created_at,
    startedAt: run.started_at,
    endedAt: run.ended_at,
    duration: run.duration,
  }
}
