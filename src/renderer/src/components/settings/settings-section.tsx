/** The frame each Settings section shares: a titled form, and its Save button with "Saved." after. */
import { type FormEvent, type ReactNode, useId } from 'react'

interface SettingsSectionProps {
  title: string
  /** Omitted for a section with nothing to save (About). */
  onSubmit?(event: FormEvent): void
  children: ReactNode
}

export function SettingsSection({ title, onSubmit, children }: SettingsSectionProps) {
  const headingId = useId()
  const body = <>{children}</>
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="settings-section__title">
        {title}
      </h3>
      {onSubmit ? (
        // noValidate: the checks name their problem in the page, not in a browser bubble.
        <form className="settings-section__form" aria-labelledby={headingId} noValidate onSubmit={onSubmit}>
          {body}
        </form>
      ) : (
        body
      )}
    </section>
  )
}

/** `saved`: the last save succeeded and nothing was changed since. */
export function SaveButton({
  pending,
  saved,
  label = 'Save',
}: {
  pending: boolean
  saved: boolean
  label?: string
}) {
  return (
    <div className="settings-actions">
      <button type="submit" className="button button--small button--primary" disabled={pending}>
        {pending ? 'Saving…' : label}
      </button>
      {saved && (
        <span className="settings-saved" role="status">
          Saved.
        </span>
      )}
    </div>
  )
}
