/**
 * The Settings view: notifications, appearance, start at login, network, secret storage, the data
 * folder and about. Each section saves on its own through its settings command; the settings
 * document is read once and replaced by each save's answer. Start at login and the data folder are
 * the system's, read on their own (use-system-settings.ts).
 */
import { useAppInfo } from '../../hooks/use-app-info'
import { useConnections } from '../../hooks/use-connections'
import { useProcesses } from '../../hooks/use-processes'
import { useSettings } from '../../hooks/use-settings'
import { useSystemSettings } from '../../hooks/use-system-settings'
import { ErrorBanner, LoadingState } from '../feedback'
import { Panel } from '../panel'
import { AboutSection } from './about-section'
import { AppearanceSection } from './appearance-section'
import { DataFolderSection } from './data-folder-section'
import { NetworkSection } from './network-section'
import { NotificationRulesSection } from './notification-rules-section'
import { SecretStorageSection } from './secret-storage-section'
import { StartAtLoginSection } from './start-at-login-section'
import './settings.css'

export function SettingsView() {
  const { settings, setNetwork, setSecretStorage, setNotificationRules } = useSettings()
  const system = useSystemSettings()
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
          {system.startAtLogin.error !== undefined && (
            <ErrorBanner
              title="Could not read whether Robodeck starts at login."
              error={system.startAtLogin.error}
              onRetry={system.startAtLogin.reload}
            />
          )}
          {system.startAtLogin.data && (
            <StartAtLoginSection state={system.startAtLogin.data} onChange={system.setStartAtLogin} />
          )}
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
          {system.dataFolder.error !== undefined && (
            <ErrorBanner
              title="Could not read where Robodeck keeps its data."
              error={system.dataFolder.error}
              onRetry={system.dataFolder.reload}
            />
          )}
          {system.dataFolder.data && <DataFolderSection folder={system.dataFolder.data} actions={system} />}
          {info.data && <AboutSection info={info.data} />}
        </div>
      )}
    </Panel>
  )
}
