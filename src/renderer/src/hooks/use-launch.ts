/** Launching one process: pending and error state for the row that owns the Launch button. */
import { useCallback, useState } from 'react'
import type { JsonValue, ProcessSummary } from '../../../shared/domain'
import { useBridge } from '../bridge'

export interface LaunchState {
  pending: boolean
  error: unknown
  /** Resolves to the new run id, or undefined when the launch failed (the error is in state). */
  launch(payload: JsonValue | undefined): Promise<string | undefined>
  clearError(): void
}

export function useLaunch(process: Pick<ProcessSummary, 'connectionId' | 'id'>): LaunchState {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const { connectionId, id } = process
  const { api } = useBridge()

  const launch = useCallback(
    async (payload: JsonValue | undefined) => {
      setPending(true)
      setError(undefined)
      try {
        const request =
          payload === undefined ? { connectionId, processId: id } : { connectionId, processId: id, payload }
        const { runId } = await api.commands.processes.launch(request)
        return runId
      } catch (caught) {
        setError(caught)
        return undefined
      } finally {
        setPending(false)
      }
    },
    [api, connectionId, id],
  )

  return { pending, error, launch, clearError: useCallback(() => setError(undefined), []) }
}
