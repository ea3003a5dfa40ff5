/**
 * Stop, with Control Room's two options: mark the remaining work items done (instead of leaving
 * them for a retry), and end the step that is running now (instead of letting it finish).
 */
import { useId, useState } from 'react'
import type { RunToOpen } from '../../../../shared/bridge'
import { errorMessage, isBridgeError } from '../../bridge'
import { useStopRun } from '../../hooks/use-run-detail'
import { ErrorCode } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'

interface StopRunProps {
  run: RunToOpen
  /** False once the run ended or is already stopping. */
  active: boolean
  deniedReason: string | undefined
}

export function StopRun({ run, active, deniedReason }: StopRunProps) {
  const [open, setOpen] = useState(false)
  const [markDone, setMarkDone] = useState(false)
  const [terminate, setTerminate] = useState(true)
  const { stop, pending, error, accepted } = useStopRun(run)
  const hintId = useId()

  const reason = deniedReason ?? (active ? undefined : 'The run is not running.')
  return (
    <div className="stop-run">
      <button
        type="button"
        className="button button--small button--danger"
        disabled={reason !== undefined || pending}
        aria-describedby={reason ? hintId : undefined}
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        Stop…
      </button>
      {deniedReason && (
        <span id={hintId} className="stop-run__reason">
          {deniedReason}
        </span>
      )}
      {open && reason === undefined && (
        <form
          className="stop-run__form"
          aria-label="Stop the run"
          onSubmit={(event) => {
            event.preventDefault()
            void stop({
              setRemainingWorkItemsAsDone: markDone,
              terminateOngoingActivityRuns: terminate,
            }).then(() => setOpen(false))
          }}
        >
          <label>
            <input type="checkbox" checked={markDone} onChange={(e) => setMarkDone(e.target.checked)} /> Set
            the remaining work items as done
          </label>
          <label>
            <input type="checkbox" checked={terminate} onChange={(e) => setTerminate(e.target.checked)} />{' '}
            Terminate the step running now
          </label>
          <ActionButtons
            tone="danger"
            pending={pending}
            label="Stop run"
            busyLabel="Stopping…"
            onCancel={() => setOpen(false)}
          />
        </form>
      )}
      {accepted === false && <p role="status">Control Room did not accept the stop.</p>}
      {error !== undefined && (
        <p className="stop-run__error" role="alert">
          Could not stop the run: {errorMessage(error)}
          {isBridgeError(error) && <ErrorCode code={error.code} status={error.status} />}
        </p>
      )}
    </div>
  )
}
