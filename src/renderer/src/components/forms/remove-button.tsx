/**
 * Deleting, revoking or removing one thing (a key, a credential, a webhook, a robot, a process, a
 * workspace), after a confirmation that says what goes with it: the words follow one pattern
 * ("Delete…", "Delete the robot “x”?", "Deleting…", "Not deleted."), so they are made here once.
 * One that is known to be refused (Robodeck's own key, a robot a process uses) is disabled with
 * the reason.
 */
import type { ReactNode } from 'react'
import { ConfirmButton } from './confirm-button'

const VERBS = {
  Delete: { pending: 'Deleting…', failed: 'Not deleted.' },
  Revoke: { pending: 'Revoking…', failed: 'Not revoked.' },
  Remove: { pending: 'Removing…', failed: 'Not removed.' },
} as const

interface RemoveButtonProps {
  verb: keyof typeof VERBS
  /** What it is, and its name: "API key", "Reporting". */
  kind: string
  name: string
  /** The confirming button's words, e.g. "Delete key". */
  confirm: string
  refusedBecause?: string | undefined
  /** Where the refusal's reason is shown already, when one reason serves several buttons. */
  reasonShownAt?: string
  onConfirm(): Promise<unknown>
  /** What goes with it, or stops working, once it is gone. */
  children: ReactNode
}

export function RemoveButton({ verb, kind, name, ...rest }: RemoveButtonProps) {
  return (
    <ConfirmButton
      {...rest}
      {...VERBS[verb]}
      label={`${verb}…`}
      name={`${verb} ${name}…`}
      question={`${verb} the ${kind} “${name}”?`}
    />
  )
}
