/**
 * The live run list: runs.list once, then every run.updated / run.finished merged in by
 * (connectionId, id), newest first. Events may arrive before the list does; the merge handles it.
 * After the first page, older runs are read page by page in the background (runs.list's cursor)
 * until the feed holds MAX_KEPT_RUNS or the workspaces have no more.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { BridgeApi } from '../../../shared/bridge'
import type { ConnectionFailure, RunSummary } from '../../../shared/domain'
import { useBridge } from '../bridge'
import { MAX_KEPT_RUNS, mergeRuns } from '../lib/runs-merge'
import { useBridgeQuery } from './use-bridge-query'
import { useEventStreamStatus } from './use-event-stream-status'

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
  /**
   * Reads the runs again, and asks every workspace's watcher to look now too, so each workspace's
   * sync line says how it is rather than how it was at its last look (Refresh, a launch).
   */
  reload(): void
}

export function useRuns(): RunsQuery {
  const { api, status } = useBridge()
  // The first load waits for the event stream's first answer (live, or down): a list read before
  // the stream is open would miss the events in between and have to be read again (up to 10,000
  // runs twice). Over IPC the stream is live from the start.
  const streamStatus = useEventStreamStatus()
  const query = useBridgeQuery(['runs.list', RUNS_PAGE_SIZE], load, {
    enabled: streamStatus !== 'connecting',
  })
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

  // Events sent while web mode's stream was down are lost: reload each time it comes back live. A
  // load still in flight is superseded. Its first opening needs none: the first load waited for it.
  const lastStatus = useRef(status.get())
  useEffect(
    () =>
      status.subscribe((next) => {
        const previous = lastStatus.current
        lastStatus.current = next
        if (next === 'live' && previous !== 'connecting') reload()
      }),
    [status, reload],
  )

  const refresh = useCallback(() => {
    // Best effort: the list's own answer says what went wrong, if anything did.
    api.commands.connections.refresh({}).catch(() => {})
    reload()
  }, [api, reload])

  return {
    runs,
    failures: data?.failures ?? [],
    loading: query.loading,
    refreshing: query.refreshing,
    error: query.error,
    reload: refresh,
  }
}
