/**
 * One run's detail over the bridge: the run with its steps (re-read while it is active and whenever
 * an event says it changed), its work items and artifacts (read when their tab opens), and stopping it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useState } from 'react'
import type { RunToOpen } from '../../../shared/bridge'
import type { RunSummary } from '../../../shared/domain'
import { isActiveRunState } from '../../../shared/runs'
import { useBridge } from '../bridge'

/** How often an active run's steps are re-read (events also trigger a read). */
export const ACTIVE_RUN_REFRESH_MS = 2000

const detailKey = ({ connectionId, runId }: RunToOpen) => ['runs.get', connectionId, runId] as const

export function useRunDetail(ref: RunToOpen) {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const query = useQuery({
    queryKey: detailKey(ref),
    queryFn: () => api.commands.runs.get(ref),
    refetchInterval: (current) => {
      const state = current.state.data?.run.state
      return state === undefined || isActiveRunState(state) ? ACTIVE_RUN_REFRESH_MS : false
    },
  })
  const { connectionId, runId } = ref
  useEffect(() => {
    const changed = (run: RunSummary) => {
      if (run.connectionId === connectionId && run.id === runId)
        void queryClient.invalidateQueries({ queryKey: detailKey({ connectionId, runId }) })
    }
    const offUpdated = api.on('run.updated', changed)
    const offFinished = api.on('run.finished', changed)
    return () => {
      offUpdated()
      offFinished()
    }
  }, [api, queryClient, connectionId, runId])
  return query
}

/** The run's work items, read once its tab is shown (and again while the run is active). */
export function useRunWorkItems(ref: RunToOpen, active: boolean, enabled: boolean) {
  const { api } = useBridge()
  return useQuery({
    queryKey: ['runs.workItems', ref.connectionId, ref.runId],
    queryFn: () => api.commands.runs.workItems(ref),
    enabled,
    refetchInterval: active ? ACTIVE_RUN_REFRESH_MS * 2 : false,
  })
}

/** The run's artifacts across its steps, read once its tab is shown. */
export function useRunArtifacts(ref: RunToOpen, active: boolean, enabled: boolean) {
  const { api } = useBridge()
  return useQuery({
    queryKey: ['runs.artifacts', ref.connectionId, ref.runId],
    queryFn: () => api.commands.runs.artifacts(ref),
    enabled,
    refetchInterval: active ? ACTIVE_RUN_REFRESH_MS * 2 : false,
  })
}

export interface StopChoice {
  setRemainingWorkItemsAsDone: boolean
  terminateOngoingActivityRuns: boolean
}

/** Stopping the run: pending and error state, and the detail re-read once Control Room accepted. */
export function useStopRun(ref: RunToOpen) {
  const { api } = useBridge()
  const queryClient = useQueryClient()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [accepted, setAccepted] = useState<boolean | undefined>(undefined)
  const stop = useCallback(
    async (choice: StopChoice) => {
      setPending(true)
      setError(undefined)
      try {
        const answer = await api.commands.runs.stop({ ...ref, ...choice })
        setAccepted(answer.accepted)
        await queryClient.invalidateQueries({ queryKey: detailKey(ref) })
      } catch (caught) {
        setError(caught)
      } finally {
        setPending(false)
      }
    },
    [api, queryClient, ref],
  )
  return { stop, pending, error, accepted }
}
