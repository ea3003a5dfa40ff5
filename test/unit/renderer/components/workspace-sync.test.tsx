/** Per-workspace sync state over the fake bridge: "synced N s ago", then what the watcher reports. */
import { act, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { syncedAgo, WorkspaceSync } from '../../../../src/renderer/src/components/workspace-sync'
import { useConnectionStatuses } from '../../../../src/renderer/src/hooks/use-connection-statuses'
import type { ConnectionSummary } from '../../../../src/shared/domain'
import { createFakeBridge } from '../../../support/fake-bridge'
import { connectionSummary } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

const connections: ConnectionSummary[] = [
  connectionSummary({
    id: 'local',
    name: 'Local room',
    kind: 'local',
    apiUrl: 'http://127.0.0.1:1/api/v1',
    workspaceId: 'w1',
  }),
  connectionSummary({
    id: 'prod',
    name: 'Production EU',
    kind: 'cloud',
    apiUrl: 'https://cr.example/api/v1',
    workspaceId: 'w2',
  }),
]

function Harness() {
  return <WorkspaceSync connections={connections} statuses={useConnectionStatuses()} />
}

const item = (id: string) => document.querySelector(`[data-sync-connection-id="${id}"]`)

describe('WorkspaceSync', () => {
  it('says how long ago each workspace synced, and replaces it with what the watcher reports', async () => {
    const fourSecondsAgo = new Date(Date.now() - 4000).toISOString()
    const bridge = createFakeBridge({
      connections: {
        status: async () => [
          { connectionId: 'local', health: 'ok', lastSyncedAt: fourSecondsAgo, message: null },
          { connectionId: 'prod', health: 'ok', lastSyncedAt: null, message: null },
        ],
      },
    })
    render(<Harness />, { wrapper: providersFor(bridge) })
    await waitFor(() => expect(item('local')?.textContent).toMatch(/^Local room synced [45] s ago$/))
    expect(item('prod')?.textContent).toBe('Production EU not synced yet')

    act(() =>
      bridge.emit('connection.status', {
        connectionId: 'prod',
        health: 'key_rejected',
        lastSyncedAt: fourSecondsAgo,
        message: 'Control Room did not accept the API key (HTTP 401). Replace the key.',
      }),
    )
    expect(item('prod')?.getAttribute('data-health')).toBe('key_rejected')
    expect(item('prod')?.textContent).toMatch(/^Production EU key rejected · synced [45] s ago$/)
    expect(item('prod')?.getAttribute('title')).toMatch(/Replace the key/)
    act(() =>
      bridge.emit('connection.status', {
        connectionId: 'local',
        health: 'rate_limited',
        lastSyncedAt: null,
        message: null,
      }),
    )
    expect(screen.getByText('rate limited')).toBeTruthy()
    expect(item('local')?.textContent).toBe('Local room rate limited')
  })

  it('words the time since the last sync', () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(syncedAgo(null, now)).toBe('not synced yet')
    expect(syncedAgo('2026-01-01T11:59:56Z', now)).toBe('synced 4 s ago')
    expect(syncedAgo('2026-01-01T11:57:00Z', now)).toBe('synced 3 min ago')
    expect(syncedAgo('2026-01-01T09:00:00Z', now)).toBe('synced 3 h ago')
  })
})
