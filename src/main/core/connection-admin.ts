/**
 * Adding a Control Room workspace and linking a user access credential: what is checked before
 * anything is saved. The key must read its workspace (`GET /workspaces/{id}`, which every key of the
 * workspace may call); read permissions are found out by harmless GETs; write permissions are left
 * to the first write (see `learnFromWrite`). A credential is verified by a request signed as rcc
 * signs it, for the user's details.
 */
import { randomUUID } from 'node:crypto'
import { type Dispatcher, request } from 'undici'
import { parseCredential, signedHeaders } from '../../platform/robocloud-hmac'
import type { ConnectionSummary } from '../../shared/domain'
import type { Connections } from './connections'
import { type ControlRoomClient, createControlRoomClient } from './controlroom-client'
import {
  checkApiUrl,
  createDispatcherFor,
  type NetworkSettings,
  proxyOf,
  transportError,
} from './controlroom-http'
import { CoreError } from './errors'

export interface NewWorkspace {
  apiUrl: string
  workspaceId: string
  apiKey: string
  name?: string
  production?: boolean
}

/** Harmless reads, one per read permission Robodeck uses. */
const READ_PROBES: { permission: string; read: (client: ControlRoomClient) => Promise<unknown> }[] = [
  { permission: 'Processes.read_processes', read: (client) => client.listProcesses() },
  { permission: 'Processes.read_runs', read: (client) => client.listRuns({ limit: 1 }) },
]

/** Checks the key against the workspace, finds its read permissions, and saves the connection. */
export async function addWorkspace(
  connections: Connections,
  input: NewWorkspace,
  network: NetworkSettings,
): Promise<ConnectionSummary> {
  checkApiUrl(input.apiUrl)
  const client = createControlRoomClient({
    apiUrl: input.apiUrl,
    workspaceId: input.workspaceId,
    apiKey: async () => input.apiKey,
    network,
    http: { retries: 0 },
  })
  try {
    const workspace = await client.getWorkspace()
    const granted: string[] = []
    const denied: string[] = []
    for (const probe of READ_PROBES) {
      try {
        await probe.read(client)
        granted.push(probe.permission)
      } catch (error) {
        if (!(error instanceof CoreError) || error.status !== 403) throw error
        denied.push(probe.permission)
      }
    }
    const id = `cr-${randomUUID().slice(0, 8)}`
    await connections.save({
      id,
      name: input.name?.trim() || workspace.name,
      kind: 'cloud',
      apiUrl: input.apiUrl.replace(/\/+$/, ''),
      workspaceId: input.workspaceId,
      apiKey: input.apiKey,
    })
    connections.update(id, { production: input.production ?? false, permissions: { granted, denied } })
    return (await connections.summaries()).find((c) => c.id === id) as ConnectionSummary
  } finally {
    await client.close()
  }
}

/** Remembers what a write taught about the key: granted on success, the named permission on a 403. */
export function learnFromWrite(connections: Connections, id: string, permission: string, error?: unknown) {
  const connection = connections.list().find((c) => c.id === id)
  if (!connection) return
  const named = error instanceof CoreError ? error.details.permission : undefined
  if (error && !named) return
  const { granted, denied } = connection.permissions
  const learned = named ?? permission
  const next = error
    ? { granted: granted.filter((p) => p !== learned), denied: [...new Set([...denied, learned])] }
    : { granted: [...new Set([...granted, learned])], denied: denied.filter((p) => p !== learned) }
  connections.update(id, { permissions: next })
}

/** Verifies a user access credential with the signed user-details request; returns who it is. */
export async function verifyCredential(
  apiUrl: string,
  credential: string,
  network: NetworkSettings,
  dispatcher?: Dispatcher,
): Promise<string> {
  if (!parseCredential(credential))
    throw new CoreError(
      'invalid_credential',
      'That is not a user access credential (expected <id>:<secret>).',
    )
  // A credential may carry its API endpoint (`id:secret:https://…`); else the workspace's host.
  const endpoint = /:(https:\/\/.+)$/.exec(credential.trim())?.[1] ?? new URL(apiUrl).origin
  const origin = checkApiUrl(endpoint).origin
  const path = '/token-vendor-v1/user/details'
  const agent = dispatcher ?? createDispatcherFor(new URL(origin), network)
  try {
    const answer = await request(`${origin}${path}`, {
      method: 'GET',
      headers: signedHeaders(credential, 'GET', path, '{}'),
      dispatcher: agent,
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    }).catch((error) => {
      throw transportError(new URL(origin), error, proxyOf(agent))
    })
    const body = (await answer.body.json().catch(() => undefined)) as
      | { user?: { email?: string; first_name?: string; last_name?: string } }
      | undefined
    if (answer.statusCode === 401 || answer.statusCode === 403)
      throw new CoreError('invalid_credential', 'Control Room did not accept the user access credential.')
    const user = body?.user
    if (answer.statusCode !== 200 || !user)
      throw new CoreError(
        'bad_response',
        `Control Room answered the credential check with HTTP ${answer.statusCode}.`,
      )
    return user.email || [user.first_name, user.last_name].filter(Boolean).join(' ') || 'unknown user'
  } finally {
    if (!dispatcher) await agent.close()
  }
}
