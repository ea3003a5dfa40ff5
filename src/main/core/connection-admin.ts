/**
 * Adding a Control Room workspace, giving one a new key, and linking a user access credential: what
 * is checked before anything is saved. The key must read its workspace (`GET /workspaces/{id}`, which every key of the
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

/** Where a key is to be used: the Control Room and the workspace it must read. */
export interface KeyTarget {
  apiUrl: string
  workspaceId: string
  apiKey: string
}

/** What checking a key found: the workspace's name and the read permissions granted or denied. */
export interface CheckedKey {
  workspaceName: string
  permissions: { granted: string[]; denied: string[] }
}

/**
 * Checks that the key reads its workspace and finds its read permissions, saving nothing. A key
 * Control Room refuses throws its CoreError (`key_rejected`, `access_denied`, ...), never naming the key.
 */
export async function checkKey(target: KeyTarget, network: NetworkSettings): Promise<CheckedKey> {
  checkApiUrl(target.apiUrl)
  const client = createControlRoomClient({
    apiUrl: target.apiUrl,
    workspaceId: target.workspaceId,
    apiKey: async () => target.apiKey,
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
    return { workspaceName: workspace.name, permissions: { granted, denied } }
  } finally {
    await client.close()
  }
}

/** Checks the key against the workspace, finds its read permissions, and saves the connection. */
export async function addWorkspace(
  connections: Connections,
  input: NewWorkspace,
  network: NetworkSettings,
): Promise<ConnectionSummary> {
  const { workspaceName, permissions } = await checkKey(input, network)
  const id = `cr-${randomUUID().slice(0, 8)}`
  await connections.save({
    id,
    name: input.name?.trim() || workspaceName,
    kind: 'cloud',
    apiUrl: input.apiUrl.replace(/\/+$/, ''),
    workspaceId: input.workspaceId,
    apiKey: input.apiKey,
  })
  connections.update(id, { production: input.production ?? false, permissions })
  return (await connections.summaries()).find((c) => c.id === id) as ConnectionSummary
}

/**
 * Gives an existing connection a new key (entered again, or replaced), checked as adding checks it:
 * a key Control Room refuses changes nothing. The connection keeps its id, name, rules and
 * favourites; its permissions become the ones found. The local room's key is Robodeck's own: the
 * room issues it at every start (core.ts connectLocalRoom), so it is not entered by hand.
 */
export async function replaceKey(
  connections: Connections,
  connectionId: string,
  apiKey: string,
  network: NetworkSettings,
): Promise<ConnectionSummary> {
  const connection = connections.get(connectionId)
  if (connection.kind === 'local')
    throw new CoreError(
      'local_connection',
      'The local Control Room’s key is issued by the room itself at every start; it cannot be entered here.',
    )
  const { permissions } = await checkKey({ ...connection, apiKey }, network)
  await connections.setApiKey(connectionId, apiKey)
  connections.update(connectionId, { permissions })
  return (await connections.summaries()).find((c) => c.id === connectionId) as ConnectionSummary
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
