/** The frame each Settings section shares: a titled form, and its Save button with "Saved." after. */
import { type ReactNode, useId } from 'react'
import { PendingButton } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'

interface SettingsSectionProps {
  title: string
  /** Omitted for a section with nothing to save (About). */
  onSubmit?(): unknown
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
        <CheckedForm className="settings-section__form" aria-labelledby={headingId} onSubmit={onSubmit}>
          {body}
        </CheckedForm>
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
      <PendingButton pending={pending} label={label} busyLabel="Saving…" />
      {saved && (
        <span className="settings-saved" role="status">
          Saved.
        </span>
      )}
    </div>
  )
}
