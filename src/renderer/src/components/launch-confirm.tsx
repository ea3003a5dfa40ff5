/**
 * The second look a launch in a production workspace gets: an inline question in the process's
 * row, not a modal, so the payload stays in view while deciding. Focus goes to Cancel (the safe
 * answer to a stray Enter); Escape cancels too.
 */
import { useEffect, useRef } from 'react'

interface LaunchConfirmProps {
  processName: string
  workspaceName: string
  onConfirm(): void
  onCancel(): void
}

export function LaunchConfirm({ processName, workspaceName, onConfirm, onCancel }: LaunchConfirmProps) {
  const cancelButton = useRef<HTMLButtonElement>(null)
  useEffect(() => cancelButton.current?.focus(), [])
  return (
    <fieldset
      className="launch-confirm"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        // The run detail beside the list closes on Escape too: this Escape is only the question's.
        event.stopPropagation()
        onCancel()
      }}
    >
      <legend className="launch-confirm__question">
        Launch {processName} in Production workspace {workspaceName}?
      </legend>
      <button type="button" className="button button--danger button--small" onClick={onConfirm}>
        Launch
      </button>
      <button ref={cancelButton} type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </fieldset>
  )
}
