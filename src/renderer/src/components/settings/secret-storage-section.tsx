/**
 * Settings › Secret storage: where API keys and credentials are kept and how safely, and, where the
 * system offers no secure storage (Linux basic_text), the choice to keep them on disk anyway.
 */
import { useId } from 'react'
import type { AppInfo } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { SettingsSection } from './settings-section'

interface SecretStorageSectionProps {
  info: AppInfo
  allowPlainTextSecrets: boolean
  onChange(allow: boolean): Promise<unknown>
}

/** Where secrets are, in one sentence a person can act on. */
export function secretStorageSummary(info: AppInfo): string {
  if (info.secretStorageSecure) return `Encrypted by the system’s secure storage (${info.secretStorage}).`
  if (info.secretsInMemoryOnly)
    return `In memory only: this system offers no secure storage (${info.secretStorage}), so keys are entered again after a restart.`
  return `On disk, obfuscated but not encrypted (${info.secretStorage}): anyone who can read your files can recover them.`
}

export function SecretStorageSection({ info, allowPlainTextSecrets, onChange }: SecretStorageSectionProps) {
  const action = useAction()
  const riskId = useId()
  return (
    <SettingsSection title="Secret storage">
      <p className="settings-text" data-secret-storage={info.secretStorage}>
        {secretStorageSummary(info)}
      </p>
      {info.plainTextChoice && (
        <>
          <label className="settings-check">
            <input
              type="checkbox"
              checked={allowPlainTextSecrets}
              disabled={action.pending}
              aria-describedby={riskId}
              onChange={(event) => {
                const allow = event.target.checked
                void action.run(() => onChange(allow))
              }}
            />
            Keep secrets on disk without secure storage
          </label>
          <p id={riskId} className="settings-hint">
            Without a keyring (such as GNOME Keyring or KWallet) the system can only scramble secrets with a
            key everyone knows. On disk, any program or person that can read your files can recover your API
            keys. Off, they stay in memory and you enter them again after each restart.
          </p>
        </>
      )}
      {action.error !== undefined && <ErrorBanner title="Not changed." error={action.error} />}
    </SettingsSection>
  )
}
