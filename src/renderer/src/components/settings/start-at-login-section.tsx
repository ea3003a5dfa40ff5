/**
 * Settings › Start at login: one checkbox, the state the system reports. Where it cannot be
 * changed (web mode, a development build, a system without login items) it is disabled with the
 * reason; what the system itself holds back (macOS approval, Task Manager) is said beside it.
 */
import { useId } from 'react'
import type { StartAtLogin } from '../../../../shared/system-settings'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { SettingsSection } from './settings-section'

interface StartAtLoginSectionProps {
  state: StartAtLogin
  onChange(enabled: boolean): Promise<unknown>
}

export function StartAtLoginSection({ state, onChange }: StartAtLoginSectionProps) {
  const action = useAction()
  const noteId = useId()
  const note = state.available ? state.hint : state.reason
  return (
    <SettingsSection title="Start at login">
      <label className="settings-check">
        <input
          type="checkbox"
          checked={state.enabled}
          disabled={!state.available || action.pending}
          aria-describedby={note ? noteId : undefined}
          onChange={(event) => {
            const enabled = event.target.checked
            void action.run(() => onChange(enabled))
          }}
        />
        Start Robodeck when you log in
      </label>
      {note && (
        <p id={noteId} className="settings-hint">
          {note}
        </p>
      )}
      {action.error !== undefined && <ErrorBanner title="Not changed." error={action.error} />}
    </SettingsSection>
  )
}
