/** What a key's and a credential's card both start with: name, masked part, marks, and dates. */
import type { ReactNode } from 'react'
import { formatTimestamp } from '../../lib/format'

interface SecretHolderSummaryProps {
  name: string
  /** The masked value, the revealed one, or the credential's id. */
  shown: string
  holder: { usedByRobodeck: boolean; bootstrap: boolean; createdAt: string; lastUsedAt: string | null }
  /** More facts after the dates (a key's request count). */
  children?: ReactNode
}

export function SecretHolderSummary({ name, shown, holder, children }: SecretHolderSummaryProps) {
  const now = Date.now()
  return (
    <>
      <div className="room-keys__head">
        <strong className="room-keys__name">{name}</strong>
        <code className="room-keys__masked">{shown}</code>
        {holder.usedByRobodeck && <span className="chip chip--ok">Used by Robodeck</span>}
        {holder.bootstrap && <span className="chip">Bootstrap</span>}
      </div>
      <dl className="room-keys__facts">
        <dt>Created</dt>
        <dd>{formatTimestamp(holder.createdAt, now)}</dd>
        <dt>Last used</dt>
        <dd>{holder.lastUsedAt ? formatTimestamp(holder.lastUsedAt, now) : 'never'}</dd>
        {children}
      </dl>
    </>
  )
}
