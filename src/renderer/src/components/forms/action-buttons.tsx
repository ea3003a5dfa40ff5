/**
 * The buttons that end a small form or a confirmation: the one that acts, which shows its busy
 * words and takes no second click while its action runs, and Cancel beside it.
 */
import './forms.css'

export interface PendingButtonProps {
  /** The action runs: the button says so and is disabled. */
  pending: boolean
  /** Its words, and its words while the action runs ("Save", "Saving…"). */
  label: string
  busyLabel: string
  /** Danger for what cannot be undone; primary otherwise. */
  tone?: 'primary' | 'danger'
  /** Small inside a list or a box; the page's own forms use the normal size. */
  small?: boolean
  /** Without onClick it submits its form. */
  onClick?(): void
}

export function PendingButton({
  pending,
  label,
  busyLabel,
  tone = 'primary',
  small = true,
  onClick,
}: PendingButtonProps) {
  return (
    <button
      type={onClick ? 'button' : 'submit'}
      className={`button button--${tone}${small ? ' button--small' : ''}`}
      disabled={pending}
      onClick={onClick}
    >
      {pending ? busyLabel : label}
    </button>
  )
}

/** The acting button and Cancel, in a row. */
export function ActionButtons({ onCancel, ...act }: PendingButtonProps & { onCancel(): void }) {
  return (
    <div className="action-buttons">
      <PendingButton {...act} />
      <button type="button" className="button button--small button--ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  )
}
