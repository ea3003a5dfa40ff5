/** One user action at a time (a save, a replay): whether it runs, and how the last one failed. */
import { useCallback, useState } from 'react'

export interface ActionState {
  pending: boolean
  error: unknown
  clearError(): void
}

/** `run(work)` answers the work's value, or undefined when it threw (the error is then in `error`). */
export function useAction(): ActionState & { run<T>(work: () => Promise<T>): Promise<T | undefined> } {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const run = useCallback(async <T>(work: () => Promise<T>) => {
    setPending(true)
    setError(undefined)
    try {
      return await work()
    } catch (caught) {
      setError(caught)
      return undefined
    } finally {
      setPending(false)
    }
  }, [])
  return { pending, error, run, clearError: useCallback(() => setError(undefined), []) }
}
