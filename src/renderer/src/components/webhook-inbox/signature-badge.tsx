/** A delivery's signature state in words a person reads at a glance. */
import type { InboxSignature } from '../../../../shared/bridge-inbox'

const LABELS: Record<InboxSignature, string> = {
  valid: 'Signature valid',
  invalid: 'Bad signature',
  missing: 'No signature',
  unchecked: 'Not checked',
}

export function SignatureBadge({ signature }: { signature: InboxSignature }) {
  return <span className={`signature-badge signature-badge--${signature}`}>{LABELS[signature]}</span>
}
