/**
 * A destructive action behind a confirmation (delete a key, revoke a credential): the button opens
 * a box saying what will happen, and only its own button acts. The room's refusal is shown below
 * in its words.
 */
import { type ReactNode, useId, useState } from 'react'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'

interface ConfirmButtonProps {
  /** The opening button's words, e.g. "Delete…", and its accessible name. */
  label: string
  name: string
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
  const close = () => {
    setOpen(false)
    action.clearError()
  }
  return (
    <div className="confirm-button">
      <button
        type="button"
        className="button button--small button--danger"
        aria-label={props.name}
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {props.label}
      </button>
      {open && (
        <fieldset className="confirm-button__box">
          <legend>{props.question}</legend>
          {props.children}
          <div className="confirm-button__buttons">
            <button
              type="button"
              className="button button--small button--danger"
              disabled={action.pending}
              onClick={() => void action.run(props.onConfirm)}
            >
              {action.pending ? props.pending : props.confirm}
            </button>
            <button type="button" className="button button--small button--ghost" onClick={close}>
              Cancel
            </button>
          </div>
          {action.error !== undefined && <ErrorBanner title={props.failed} error={action.error} />}
        </fieldset>
      )}
    </div>
  )
}

/** The same button disabled, with the reason it cannot be used beside it (Robodeck's own key). */
export function RefusedButton({ label, name, reason }: { label: string; name: string; reason: string }) {
  const reasonId = useId()
  return (
    <>
      <button
        type="button"
        className="button button--small button--danger"
        aria-label={name}
        aria-describedby={reasonId}
        disabled
      >
        {label}
      </button>
      <span id={reasonId} className="room-keys__hint">
        {reason}
      </span>
    </>
  )
}
