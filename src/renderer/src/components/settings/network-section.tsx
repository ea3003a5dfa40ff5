/**
 * Settings › Network: the proxy for Control Rooms beyond this computer and an extra CA file. Main
 * checks both before it keeps them (a URL without credentials, a readable PEM file) and applies
 * them from the next request on; its refusal is shown in its words and the fields keep the edits.
 */
import { useId, useState } from 'react'
import type { NetworkSettings } from '../../../../shared/settings'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { SaveButton, SettingsSection } from './settings-section'

interface NetworkSectionProps {
  network: NetworkSettings
  /** A blank field clears that setting; answers the settings as main kept them. */
  onSave(network: { proxyUrl: string; caFile: string }): Promise<NetworkSettings>
}

const formOf = (network: NetworkSettings) => ({
  proxyUrl: network.proxyUrl ?? '',
  caFile: network.caFile ?? '',
})

export function NetworkSection({ network, onSave }: NetworkSectionProps) {
  const [form, setForm] = useState(() => formOf(network))
  const [saved, setSaved] = useState(false)
  const action = useAction()
  const ids = useId()
  const change = (next: Partial<typeof form>) => {
    setForm((current) => ({ ...current, ...next }))
    setSaved(false)
  }
  const submit = async () => {
    const kept = await action.run(() => onSave(form))
    if (!kept) return
    // As main keeps them (a proxy URL normalised, blanks cleared), so the fields show what applies.
    setForm(formOf(kept))
    setSaved(true)
  }

  return (
    <SettingsSection title="Network" onSubmit={submit}>
      <label className="settings-field settings-field--wide">
        Proxy URL
        <input
          className="input"
          type="url"
          spellCheck={false}
          placeholder="http://proxy.example.com:3128"
          value={form.proxyUrl}
          aria-describedby={`${ids}-proxy`}
          onChange={(event) => change({ proxyUrl: event.target.value })}
        />
      </label>
      <span id={`${ids}-proxy`} className="settings-hint">
        Used for every Control Room beyond this computer. Empty: the HTTPS_PROXY, HTTP_PROXY and NO_PROXY
        variables apply. No user name or password in the URL.
      </span>
      <label className="settings-field settings-field--wide">
        Extra CA file
        <input
          className="input"
          spellCheck={false}
          placeholder="/etc/ssl/company-ca.pem"
          value={form.caFile}
          aria-describedby={`${ids}-ca`}
          onChange={(event) => change({ caFile: event.target.value })}
        />
      </label>
      <span id={`${ids}-ca`} className="settings-hint">
        The absolute path of a PEM file of certificate authorities to trust beside the system’s, e.g. a
        company proxy’s.
      </span>
      {action.error !== undefined && <ErrorBanner title="Network settings not saved." error={action.error} />}
      <SaveButton pending={action.pending} saved={saved} />
    </SettingsSection>
  )
}
