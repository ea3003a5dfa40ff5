/**
 * The live run list: runs.list once, then every run.updated / run.finished merged in by
 * (connectionId, id), newest first. Events may arrive before the list does; the merge handles it.
 * After the first page, older runs are read page by page in the background (runs.list's cursor)
 * until the feed holds MAX_KEPT_RUNS or the workspaces have no more.
 */
import { useEffect, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { ConnectionFailure, RunSummary } from '../../../shared/domain'
import { useBridge } from '../bridge'
import { MAX_KEPT_RUNS, mergeRuns } from '../lib/runs-merge'
import { useBridgeQuery } from './use-bridge-query'

/** How many runs to ask for per load; events add newer ones on top. */
export const RUNS_PAGE_SIZE = 100
/** How many older runs each background page asks for. */
export const OLDER_RUNS_PAGE_SIZE = 500

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
    if (!data) return
    setRuns((current) => mergeRuns(current, data.runs))
    // Older pages follow, one at a time; a reload (new data) or unmount stops this chain.
    let cancelled = false
    const older = async (cursor: string | null | undefined, held: number) => {
      if (!cursor || held >= MAX_KEPT_RUNS) return
      try {
        const page = await api.commands.runs.list({ limit: OLDER_RUNS_PAGE_SIZE, cursor })
        if (cancelled) return
        setRuns((current) => mergeRuns(current, page.runs))
        await older(page.next, held + page.runs.length)
      } catch {
        // The newest runs are shown; older ones are best effort until the next reload.
      }
    }
    void older(data.next, data.runs.length)
    return () => {
      cancelled = true
    }
  }, [api, data])

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
