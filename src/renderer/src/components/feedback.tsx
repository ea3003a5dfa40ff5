/** Banners and placeholders: how the window reports errors, partial failures and empty lists. */
import type { ReactNode } from 'react'
import type { ConnectionFailure } from '../../../shared/domain'
import { errorMessage, isBridgeError } from '../bridge'
import './feedback.css'

/** A whole list could not be loaded, or an action failed; keeps any older data visible below it. */
export function ErrorBanner({
  title,
  error,
  hint,
  onRetry,
}: {
  title: string
  error: unknown
  /** What the person can do about it, on a line of its own. */
  hint?: string | undefined
  onRetry?: () => void
}) {
  return (
    <div className="banner banner--error" role="alert">
      <div className="banner__text">
        <strong>{title}</strong> {errorMessage(error)}
        {isBridgeError(error) && <ErrorCode code={error.code} status={error.status} />}
        {hint && <span className="banner__hint">{hint}</span>}
      </div>
      {onRetry && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

/** The machine-readable part of an error, small and secondary, for support and bug reports. */
export function ErrorCode({ code, status }: { code: string; status?: number | undefined }) {
  // The leading space keeps the code a separate word in the text screen readers and copy-paste get.
  return (
    <>
      {' '}
      <span className="error-code">
        {code}
        {status !== undefined && ` · HTTP ${status}`}
      </span>
    </>
  )
}

/**
 * One banner per connection that could not be read: the other workspaces still load, so this is
 * a warning beside the results rather than an error instead of them.
 */
export function FailureBanners({
  failures,
  nameOf,
}: {
  failures: readonly ConnectionFailure[]
  nameOf(connectionId: string): string
}) {
  if (failures.length === 0) return null
  return (
    <ul className="failure-list" aria-label="Workspaces that could not be read">
      {failures.map((failure) => (
        <li
          key={failure.connectionId}
          className="banner banner--warning"
          data-failed-connection-id={failure.connectionId}
        >
          <div className="banner__text">
            <strong>Could not read workspace “{nameOf(failure.connectionId)}”.</strong> {failure.message}
            <ErrorCode code={failure.code} />
          </div>
        </li>
      ))}
    </ul>
  )
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children && <p className="empty-state__hint">{children}</p>}
    </div>
  )
}

export function LoadingState({ label }: { label: string }) {
  return (
    <div className="empty-state" role="status">
      <span className="spinner" aria-hidden="true" />
      <p className="empty-state__hint">{label}</p>
    </div>
  )
}
