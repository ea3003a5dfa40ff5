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
    ...(run.started_by ? { startedBy: startedBy(run.started_by) } : {}),
  }
}

function startedBy(by: NonNullable<ApiProcessRun['started_by']>): NonNullable<RunSummary['startedBy']> {
  const name = [by.details?.first_name, by.details?.last_name].filter(Boolean).join(' ')
  return { type: by.type, user: name || null }
}
