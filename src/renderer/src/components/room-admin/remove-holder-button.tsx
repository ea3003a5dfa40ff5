/**
 * Deleting a key or revoking a credential of the room, after a confirmation that says what stops
 * working. The one Robodeck itself uses is refused here (the room's answer would be own_api_key or
 * own_credential), so its button is disabled with the reason instead.
 */
import type { ReactNode } from 'react'
import { ConfirmButton } from '../forms/confirm-button'

const VERBS = {
  Delete: { pending: 'Deleting…', failed: 'Not deleted.' },
  Revoke: { pending: 'Revoking…', failed: 'Not revoked.' },
} as const

interface RemoveHolderButtonProps {
  verb: keyof typeof VERBS
  /** What it is, for the question: "the API key", "the access credential". */
  kind: string
  /** The confirming button's words, e.g. "Delete key". */
  confirm: string
  holder: { name: string; usedByRobodeck: boolean }
  /** Why Robodeck's own cannot go. */
  ownReason: string
  onConfirm(): Promise<unknown>
  /** What stops working once it is gone. */
  children: ReactNode
}

export function RemoveHolderButton({ verb, kind, holder, ownReason, ...rest }: RemoveHolderButtonProps) {
  return (
    <ConfirmButton
      {...rest}
      {...VERBS[verb]}
      label={`${verb}…`}
      name={`${verb} ${holder.name}…`}
      refusedBecause={holder.usedByRobodeck ? ownReason : undefined}
      question={`${verb} ${kind} “${holder.name}”?`}
    />
  )
}
