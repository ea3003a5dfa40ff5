/**
 * The Settings view: notifications, appearance, network, secret storage and about. Each section
 * saves on its own through its settings command; the settings document is read once and replaced
 * by each save's answer. Start at login and moving the data folder have no command yet, so they
 * are not shown (docs/window.md says so) rather than shown doing nothing.
 */
import { useAppInfo } from '../../hooks/use-app-info'
import { useConnections } from '../../hooks/use-connections'
import { useProcesses } from '../../hooks/use-processes'
import { useSettings } from '../../hooks/use-settings'
import { ErrorBanner, LoadingState } from '../feedback'
import { Panel } from '../panel'
import { AboutSection } from './about-section'
import { AppearanceSection } from './appearance-section'
import { NetworkSection } from './network-section'
import { NotificationRulesSection } from './notification-rules-section'
import { SecretStorageSection } from './secret-storage-section'
import './settings.css'

export function SettingsView() {
  const { settings, setNetwork, setSecretStorage, setNotificationRules } = useSettings()
  const info = useAppInfo()
  const connections = useConnections()
  const processes = useProcesses()
  const saved = settings.data

  return (
    <Panel title="Settings" className="settings">
      {settings.error !== undefined && (
        <ErrorBanner title="Could not read the settings." error={settings.error} onRetry={settings.reload} />
      )}
      {settings.loading ? (
        <LoadingState label="Reading the settings…" />
      ) : (
        <div className="settings__sections">
          {saved && (
            <NotificationRulesSection
              rules={saved.notificationRules}
              connections={connections.data ?? []}
              processes={processes.data?.processes ?? []}
              onSave={(rules) => setNotificationRules({ rules })}
            />
          )}
          <AppearanceSection />
          {saved && (
            <NetworkSection
              network={saved.network}
              onSave={async ({ proxyUrl, caFile }) => (await setNetwork({ proxyUrl, caFile })).network}
            />
          )}
          {saved && info.data && (
            <SecretStorageSection
              info={info.data}
              allowPlainTextSecrets={saved.allowPlainTextSecrets}
              onChange={(allow) => setSecretStorage({ allowPlainTextSecrets: allow })}
            />
          )}
          {info.data && <AboutSection info={info.data} />}
        </div>
      )}
    </Panel>
  )
}
