/**
 * A destructive action behind a confirmation (delete a key, revoke a credential, remove a
 * workspace): the button opens a box saying what will happen, and only its own button acts. The
 * refusal of whoever was asked is shown below in its words. Where the action is known to be
 * refused (Robodeck's own key, the local room's connection), the button is disabled with the reason.
 */
import { type ReactNode, useId, useState } from 'react'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from './action-buttons'
import './forms.css'

interface ConfirmButtonProps {
  /** The opening button's words, e.g. "Delete…", and its accessible name. */
  label: string
  name: string
  /** Why it cannot be done: the button is disabled and says so. */
  refusedBecause?: string | undefined
  /** Where the reason is shown already (one reason for several buttons): the button points there. */
  reasonShownAt?: string
  /** The box's question, e.g. "Delete the API key “Reporting”?" */
  question: string
  children: ReactNode
  /** The confirming button's words, and while it runs. */
  confirm: string
  pending: string
  failed: string
  onConfirm(): Promise<unknown>
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const [open, setOpen] = useState(false)
  const action = useAction()
  const ownReasonId = useId()
  const reasonId = props.reasonShownAt ?? ownReasonId
  const close = () => {
    setOpen(false)
    action.clearError()
  }
  const refused = props.refusedBecause !== undefined
  return (
    <div className="confirm-button">
      <button
        type="button"
        className="button button--small button--danger"
        aria-label={props.name}
        aria-expanded={refused ? undefined : open}
        aria-describedby={refused ? reasonId : undefined}
        disabled={refused}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {props.label}
      </button>
      {refused && !props.reasonShownAt && (
        <span id={reasonId} className="confirm-button__reason">
          {props.refusedBecause}
        </span>
      )}
      {open && !refused && (
        <fieldset className="confirm-button__box">
          <legend>{props.question}</legend>
          {props.children}
          <ActionButtons
            tone="danger"
            pending={action.pending}
            label={props.confirm}
            busyLabel={props.pending}
            onClick={() => void action.run(props.onConfirm)}
            onCancel={close}
          />
          {action.error !== undefined && <ErrorBanner title={props.failed} error={action.error} />}
        </fieldset>
      )}
    </div>
  )
}
