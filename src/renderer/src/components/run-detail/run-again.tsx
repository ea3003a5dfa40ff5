/**
 * Run again: the same process with this run's input payload. It launches nothing itself: the
 * request goes to the process's row, so the launch takes the one path every launch takes (with the
 * production workspace's question). Disabled, with the reason, when the input cannot be read.
 */
import { useId } from 'react'
import type { RunToOpen } from '../../../../shared/bridge'
import type { JsonValue } from '../../../../shared/domain'
import { errorMessage } from '../../bridge'
import { useRunWorkItems } from '../../hooks/use-run-detail'
import { runInput } from '../../lib/run-input'

interface RunAgainProps {
  run: RunToOpen
  processName: string
  /** Why the run's work items cannot be read (the key lacks the permission), if so. */
  deniedReason: string | undefined
  /** The process is in the processes list (it can be launched from there). */
  listed: boolean
  onRunAgain(payload: JsonValue | undefined): void
}

export function RunAgain({ run, processName, deniedReason, listed, onRunAgain }: RunAgainProps) {
  // The same query as the Work items tab; the input does not change, so it is not re-read.
  const reasonId = useId()
  const query = useRunWorkItems(run, false, listed && !deniedReason)
  const input = query.data ? runInput(query.data) : undefined
  const reason = !listed
    ? `${processName} is not in the processes list.`
    : deniedReason
      ? `The input cannot be read: ${deniedReason}`
      : query.error
        ? `The input could not be read: ${errorMessage(query.error)}`
        : input && !input.ok
          ? input.reason
          : undefined
  return (
    <div className="run-again">
      <button
        type="button"
        className="button button--small"
        disabled={reason !== undefined || !input?.ok}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => input?.ok && onRunAgain(input.payload)}
      >
        {input || reason ? 'Run again' : 'Reading the input…'}
      </button>
      {reason && (
        <span id={reasonId} className="run-again__reason">
          {reason}
        </span>
      )}
    </div>
  )
}
