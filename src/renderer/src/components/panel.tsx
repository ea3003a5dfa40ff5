/** The frame every pane of the window uses: a titled header with a count and actions, then a body. */
import { type ReactNode, useId } from 'react'
import './panel.css'

interface PanelProps {
  title: string
  /** Shown beside the title, e.g. how many rows the panel lists. */
  count?: number | undefined
  /** Buttons and inputs on the right of the header. */
  actions?: ReactNode
  busy?: boolean
  className?: string
  children: ReactNode
}

export function Panel({ title, count, actions, busy = false, className, children }: PanelProps) {
  const headingId = useId()
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId} aria-busy={busy}>
      <header className="panel__header">
        <h2 className="panel__title">
          {/* The region is named by the title alone, so it stays "Runs" while the count changes. */}
          <span id={headingId}>{title}</span>
          {count !== undefined && <span className="panel__count">{count}</span>}
        </h2>
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  )
}

/** The small "refresh" button panels put in their header. */
export function RefreshButton({ onClick, busy, label }: { onClick(): void; busy: boolean; label: string }) {
  return (
    <button
      type="button"
      className="button button--ghost button--icon"
      onClick={onClick}
      aria-label={label}
      title={label}
    >
      <span className={`refresh-glyph ${busy ? 'is-spinning' : ''}`} aria-hidden="true">
        ↻
      </span>
    </button>
  )
}
