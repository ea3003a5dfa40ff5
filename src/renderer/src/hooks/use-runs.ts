/**
 * The live run list: runs.list once, then every run.updated / run.finished merged in by
 * (connectionId, id), newest first. Events may arrive before the list does; the merge handles it.
 */
import { useEffect, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { ConnectionFailure, RunSummary } from '../../../shared/domain'
import { useBridge } from '../bridge'
import { mergeRuns } from '../lib/runs-merge'
import { useBridgeQuery } from './use-bridge-query'

/** How many runs to ask for per load; events add newer ones on top. */
export const RUNS_PAGE_SIZE = 100

const load = (api: BridgeApi) => api.commands.runs.list({ limit: RUNS_PAGE_SIZE })

export interface RunsQuery {
  runs: readonly RunSummary[]
  failures: ConnectionFailure[]
  loading: boolean
  refreshing: boolean
  error: unknown
  reload(): void
}

export function useRuns(): RunsQuery {
  const { api, status } = useBridge()
  const query = useBridgeQuery(['runs.list', RUNS_PAGE_SIZE], load)
  const [runs, setRuns] = useState<readonly RunSummary[]>([])
  const { data, reload } = query

  useEffect(() => {
    if (data) setRuns((current) => mergeRuns(current, data.runs))
  }, [data])

  useEffect(() => {
    const merge = (run: RunSummary) => setRuns((current) => mergeRuns(current, [run]))
    const offUpdated = api.on('run.updated', merge)
    const offFinished = api.on('run.finished', merge)
    return () => {
      offUpdated()
      offFinished()
    }
  }, [api])

  // Events sent while web mode's stream was not open (before it first connected, or while it was
  // down) are lost: reload each time it becomes live. A load still in flight is superseded.
  useEffect(
    () =>
      status.subscribe((next) => {
        if (next === 'live') reload()
      }),
    [status, reload],
  )

  return {
    runs,
    failures: data?.failures ?? [],
    loading: query.loading,
    refreshing: query.refreshing,
    error: query.error,
    reload,
  }
}
