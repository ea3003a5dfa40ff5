/**
 * A fake bridge holding a settings document, for the Settings view's tests: the commands keep what
 * they are sent and answer the whole document, as main does; the refusals are main's words for the
 * cases a test picks (a proxy that is not an http URL, an unknown workspace).
 */
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import type { AppInfo } from '../../../../../src/shared/domain'
import type { AppSettings } from '../../../../../src/shared/settings'
import { createFakeBridge } from '../../../../support/fake-bridge'
import {
  connectionSummary,
  stubAppInfo,
  stubCommandHandlers,
  stubSettings,
} from '../../../../support/fixtures'

const refused = (message: string) => new BridgeError({ code: 'invalid_setting', message })

export function settingsBridge(initial: Partial<AppSettings> = {}, info: Partial<AppInfo> = {}) {
  let settings: AppSettings = { ...stubSettings, ...initial }
  let appInfo: AppInfo = { ...stubAppInfo, ...info }
  const handlers = stubCommandHandlers({
    list: async () => ({
      processes: [
        { connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '2026-01-01T00:00:00Z' },
        { connectionId: 'finance', id: 'p9', name: 'Invoices', createdAt: '2026-01-01T00:00:00Z' },
      ],
      failures: [],
    }),
  })
  handlers.app.info = async () => appInfo
  handlers.connections.list = async () => [
    connectionSummary({
      id: 'local',
      name: 'Local Control Room',
      kind: 'local',
      apiUrl: 'http://127.0.0.1:1/api/v1',
      workspaceId: 'ws',
    }),
    connectionSummary({
      id: 'finance',
      name: 'Finance',
      kind: 'cloud',
      apiUrl: 'https://cr.example.com/api/v1',
      workspaceId: 'fin',
    }),
  ]
  handlers.settings = {
    ...handlers.settings,
    get: async () => settings,
    async setNetwork({ proxyUrl, caFile }) {
      if (proxyUrl && !/^https?:\/\//.test(proxyUrl))
        throw refused('The proxy is not a URL (e.g. http://proxy.example.com:3128).')
      if (caFile && !caFile.startsWith('/')) throw refused(`The CA file ${caFile} is not an absolute path.`)
      settings = { ...settings, network: { ...(proxyUrl && { proxyUrl }), ...(caFile && { caFile }) } }
      return settings
    },
    async setSecretStorage({ allowPlainTextSecrets }) {
      if (appInfo.secretStorage === 'unknown')
        throw new BridgeError({ code: 'storage_failed', message: 'The secrets file could not be written.' })
      settings = { ...settings, allowPlainTextSecrets }
      appInfo = { ...appInfo, secretsInMemoryOnly: !allowPlainTextSecrets }
      return settings
    },
    async setNotificationRules({ rules }) {
      const unknown = rules.find((rule) => rule.scope.connectionId === 'gone')
      if (unknown)
        throw new BridgeError({
          code: 'unknown_connection',
          message: 'There is no connection with the id "gone".',
        })
      settings = { ...settings, notificationRules: rules }
      return settings
    },
  }
  const bridge = createFakeBridge(handlers)
  return { bridge, current: () => settings }
}
