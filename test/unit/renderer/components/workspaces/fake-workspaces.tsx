/**
 * The Workspaces page over a fake bridge that behaves like the core's connections commands: a local
 * room and one cloud workspace, adding checks the key (a key or credential named `wrong` is refused,
 * an http: URL off this computer is refused as the core refuses it; the cloud workspace's key is
 * rejected until a new one is set), the local room cannot be removed,
 * and the cloud workspace's production mark cannot be changed (as if removed from another window).
 */
import { render } from '@testing-library/react'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { WorkspacesView } from '../../../../../src/renderer/src/components/workspaces/workspaces-view'
import type { ConnectionStatus, ConnectionSummary } from '../../../../../src/shared/domain'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { connectionSummary, stubConnectionCommands } from '../../../../support/fixtures'
import { providersFor } from '../../wrapper'

export const KEY = 'k-secret-9f3a'
export const CREDENTIAL = `42:${'a'.repeat(96)}`

const refused = (code: string, message: string, status?: number) =>
  new BridgeError({ code, message, ...(status ? { status } : {}) })

const keyRejected = () =>
  refused('key_rejected', 'Control Room did not accept the API key (HTTP 401). Replace the key.', 401)

export function renderWorkspaces(nowMs = Date.now()) {
  let connections: ConnectionSummary[] = [
    connectionSummary({
      id: 'local',
      name: 'Local Control Room',
      kind: 'local',
      apiUrl: 'http://127.0.0.1:4123/api/v1',
      workspaceId: 'ws-local',
      keySuffix: 'ab12',
      permissions: { granted: ['Processes.read_processes', 'Processes.read_runs'], denied: [] },
    }),
    connectionSummary({
      id: 'cr-eu',
      name: 'Finance EU',
      kind: 'cloud',
      apiUrl: 'https://eu1.example.com/api/v1',
      workspaceId: 'ws-eu',
      keySuffix: 'cd34',
      production: true,
      permissions: { granted: ['Processes.read_runs'], denied: ['Processes.trigger_processes'] },
    }),
  ]
  let statuses: ConnectionStatus[] = [
    {
      connectionId: 'local',
      health: 'ok',
      lastSyncedAt: new Date(nowMs - 3000).toISOString(),
      message: null,
    },
    {
      connectionId: 'cr-eu',
      health: 'key_rejected',
      lastSyncedAt: null,
      message: 'Control Room did not accept the API key (HTTP 401). Replace the key.',
    },
  ]
  const change = (id: string, fields: Partial<ConnectionSummary>) => {
    connections = connections.map((c) => (c.id === id ? { ...c, ...fields } : c))
    return connections.find((c) => c.id === id) as ConnectionSummary
  }
  const bridge = createFakeBridge({
    connections: {
      ...stubConnectionCommands,
      list: async () => connections,
      status: async () => statuses,
      async add({ apiUrl, workspaceId, apiKey, name, production }) {
        if (apiUrl.startsWith('http://example.com'))
          throw refused(
            'insecure_url',
            'Control Room must be reached over https: (http://example.com is not).',
          )
        if (apiUrl.includes('offline'))
          throw refused('unreachable', 'Cannot reach Control Room (ECONNREFUSED).')
        if (apiKey === 'wrong') throw keyRejected()
        const added = connectionSummary({
          id: 'cr-new',
          name: name ?? 'Remote room',
          kind: 'cloud',
          apiUrl,
          workspaceId,
          keySuffix: apiKey.slice(-4),
          production: production ?? false,
          permissions: { granted: ['Processes.read_processes'], denied: ['Processes.read_runs'] },
        })
        connections = [...connections, added]
        return added
      },
      rename: async ({ connectionId, name }) => change(connectionId, { name }),
      async setProduction({ connectionId, production }) {
        // As if removed from another window meanwhile: the core no longer knows it.
        if (connectionId === 'cr-eu') throw refused('unknown_connection', 'No workspace connection cr-eu.')
        return change(connectionId, { production })
      },
      async linkCredential({ connectionId, credential }) {
        if (credential === 'wrong')
          throw refused(
            'invalid_credential',
            'That is not a user access credential (expected <id>:<secret>).',
          )
        return change(connectionId, { credentialUser: 'ada@example.com' })
      },
      async setKey({ connectionId, apiKey }) {
        if (connectionId === 'local')
          throw refused('local_connection', 'The local Control Room’s key is issued by the room itself.')
        if (apiKey === 'wrong') throw keyRejected()
        // As the core does: the watcher looks again at once, and reads the workspace with the new key.
        statuses = statuses.map((s) =>
          s.connectionId === connectionId ? { ...s, health: 'ok', message: null } : s,
        )
        return change(connectionId, { keySuffix: apiKey.slice(-4), keyState: 'stored' })
      },
      async remove({ connectionId }) {
        if (connectionId === 'local')
          throw refused(
            'local_connection',
            'The local Control Room is part of Robodeck and cannot be removed.',
          )
        connections = connections.filter((c) => c.id !== connectionId)
        return {}
      },
    },
  })
  render(<WorkspacesView />, { wrapper: providersFor(bridge) })
  return { bridge, current: () => connections }
}

/** The requests one command was sent with, in order. */
export const requestsOf = (bridge: ReturnType<typeof renderWorkspaces>['bridge'], name: string) =>
  bridge.calls.filter((c) => c.name === name).map((c) => c.request)
