/**
 * A step run's console, tailed: the first read takes every line, later reads pass the position the
 * last one returned and get only new lines. While the step is active it reads again every second;
 * once it ends, one last read collects what was printed last, and the tail stops.
 */
import { useEffect, useRef, useState } from 'react'
import type { ConsoleLine } from '../../../shared/run-detail'
import { useBridge } from '../bridge'

export const CONSOLE_TAIL_MS = 1000

export interface ConsoleTail {
  lines: readonly ConsoleLine[]
  loading: boolean
  error: unknown
}

export function useConsoleTail(connectionId: string, stepRunId: string | undefined, active: boolean) {
  const { api } = useBridge()
  const [tail, setTail] = useState<ConsoleTail>({ lines: [], loading: true, error: undefined })
  // Where the last read stopped, for the step run it was read from.
  const position = useRef<{ stepRunId: string | undefined; resume: string | undefined }>({
    stepRunId: undefined,
    resume: undefined,
  })

  useEffect(() => {
    if (position.current.stepRunId !== stepRunId) {
      position.current = { stepRunId, resume: undefined }
      setTail({ lines: [], loading: stepRunId !== undefined, error: undefined })
    }
    if (!stepRunId) return
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const read = async (): Promise<void> => {
      const { resume } = position.current
      try {
        const page = await api.commands.runs.console({
          connectionId,
          stepRunId,
          ...(resume === undefined ? {} : { resume }),
        })
        if (cancelled) return
        position.current = { stepRunId, resume: page.resume ?? resume }
        setTail((current) => ({
          lines: page.lines.length > 0 ? [...current.lines, ...page.lines] : current.lines,
          loading: false,
          error: undefined,
        }))
        if (page.more) return read()
      } catch (error) {
        if (!cancelled) setTail((current) => ({ ...current, loading: false, error }))
      }
      if (!cancelled && active) timer = setTimeout(read, CONSOLE_TAIL_MS)
    }
    void read()
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
    // `active` turning false reads once more from the last position: it takes the last lines.
  }, [api, connectionId, stepRunId, active])

  return tail
}
