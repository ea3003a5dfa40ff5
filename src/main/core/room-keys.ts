/**
 * The local room's API keys and the owner's user access credentials, through the room's management
 * API (routes/management/api-keys.ts, user-credentials.ts). A key's value or a credential's secret
 * is returned only by createApiKey, revealApiKey and createCredential, and never put in an error.
 * The key and the credential Robodeck itself uses are marked in the lists and refused on delete.
 */
import { z } from 'zod'
import type { Permission } from '../../shared/permissions'
import { type RoomApiKey, type RoomCredential, RoomPermission } from '../../shared/room-keys'
import { CoreError } from './errors'
import { parseRoomAnswer } from './room-keys-answer'
import { callManagement, managementPath, type RoomManagement } from './room-management'
import type { RoomAnswer } from './room-request'

/** What Robodeck itself holds for the room: the key its client uses and its owner credential. */
export interface OwnSecrets {
  apiKey(): Promise<string | undefined>
  credential: string
}

const ManagedApiKey = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(RoomPermission),
  masked_value: z.string(),
  bootstrap: z.boolean(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  request_count: z.number().int(),
})
type ManagedApiKey = z.infer<typeof ManagedApiKey>
const ManagedCredential = z.object({
  id: z.string(),
  label: z.string(),
  bootstrap: z.boolean(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
})
const Value = z.object({ value: z.string() })
const Page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next: z.string().nullable().optional() })

/** Most pages a list follows (100 items each): a room with more keys than that is not a desk's. */
const MAX_PAGES = 20

/** Every page of a management list, following `next` (its path and query are what gets signed). */
export async function listAll<T>(room: RoomManagement, path: string, item: z.ZodType<T>): Promise<T[]> {
  const items: T[] = []
  let next: string | undefined = `${path}?limit=100`
  for (let pages = 0; next !== undefined && pages < MAX_PAGES; pages++) {
    const answer: RoomAnswer = await callManagement(room, 'GET', next)
    const page: { data: T[]; next?: string | null | undefined } = parseRoomAnswer(Page(item), answer, 'list')
    items.push(...page.data)
    next = page.next ? pathOf(page.next) : undefined
  }
  return items
}

const pathOf = (url: string) => {
  const parsed = new URL(url)
  return `${parsed.pathname}${parsed.search}`
}

/** Every permission a key can have, as the room lists them. */
export async function listPermissions(room: RoomManagement): Promise<Permission[]> {
  const answer = await callManagement(room, 'GET', '/management-v1/permissions')
  return parseRoomAnswer(z.object({ data: z.array(RoomPermission) }), answer, 'list').data
}

/** The workspace's keys, the one Robodeck uses marked. */
export async function listApiKeys(room: RoomManagement, own: OwnSecrets): Promise<RoomApiKey[]> {
  const keys = await listAll(room, managementPath(room, 'api-keys'), ManagedApiKey)
  const ownId = await ownKeyId(room, keys, own)
  return keys.map((key) => toRoomApiKey(key, ownId))
}

/** Creates a key: the key and its value, which the room shows here and on request only. */
export async function createApiKey(
  room: RoomManagement,
  name: string,
  permissions: readonly string[],
): Promise<{ key: RoomApiKey; value: string }> {
  const answer = await callManagement(room, 'POST', managementPath(room, 'api-keys'), { name, permissions })
  const created = parseRoomAnswer(ManagedApiKey.extend({ value: z.string() }), answer, 'key')
  return { key: toRoomApiKey(created, undefined), value: created.value }
}

/** A key's value, read from the room on the user's request. */
export async function revealApiKey(room: RoomManagement, keyId: string): Promise<string> {
  const answer = await callManagement(room, 'GET', managementPath(room, 'api-keys', keyId, 'value'))
  return parseRoomAnswer(Value, answer, 'key').value
}

/** Changes a key's name and/or permissions. */
export async function updateApiKey(
  room: RoomManagement,
  own: OwnSecrets,
  keyId: string,
  change: { name?: string | undefined; permissions?: readonly string[] | undefined },
): Promise<RoomApiKey> {
  const body = {
    ...(change.name === undefined ? {} : { name: change.name }),
    ...(change.permissions === undefined ? {} : { permissions: change.permissions }),
  }
  const answer = await callManagement(room, 'PATCH', managementPath(room, 'api-keys', keyId), body)
  const key = parseRoomAnswer(ManagedApiKey, answer, 'key')
  return toRoomApiKey(key, await ownKeyId(room, [key], own))
}

/** Deletes a key, unless it is the one Robodeck uses (the window would lose the room). */
export async function deleteApiKey(room: RoomManagement, own: OwnSecrets, keyId: string): Promise<void> {
  const path = managementPath(room, 'api-keys', keyId)
  const key = parseRoomAnswer(ManagedApiKey, await callManagement(room, 'GET', path), 'key')
  if ((await ownKeyId(room, [key], own)) === key.id)
    throw new CoreError(
      'own_api_key',
      `“${key.name}” is the key Robodeck itself uses for the local Control Room: deleting it would cut this window off from the room.`,
    )
  parseRoomAnswer(z.object({ deleted: z.literal(true) }), await callManagement(room, 'DELETE', path), 'key')
}

/**
 * Which of these keys is Robodeck's own: the masked suffix narrows it down, the value decides (a
 * suffix of four characters can repeat). Undefined when none is, or Robodeck holds no key.
 */
async function ownKeyId(
  room: RoomManagement,
  keys: readonly ManagedApiKey[],
  own: OwnSecrets,
): Promise<string | undefined> {
  const value = await own.apiKey()
  if (!value) return undefined
  for (const key of keys.filter((key) => key.masked_value === `…${value.slice(-4)}`)) {
    const answer = await callManagement(room, 'GET', managementPath(room, 'api-keys', key.id, 'value'))
    if (answer.status === 200 && Value.safeParse(answer.json).data?.value === value) return key.id
  }
  return undefined
}

function toRoomApiKey(key: ManagedApiKey, ownId: string | undefined): RoomApiKey {
  return {
    id: key.id,
    name: key.name,
    permissions: key.permissions,
    maskedValue: key.masked_value,
    bootstrap: key.bootstrap,
    createdAt: key.created_at,
    lastUsedAt: key.last_used_at,
    requestCount: key.request_count,
    usedByRobodeck: key.id === ownId,
  }
}

const CREDENTIALS_PATH = '/management-v1/user/credentials'
const ownCredentialId = (own: OwnSecrets) => own.credential.split(':')[0]

/** The owner's access credentials, the one Robodeck signs with marked. */
export async function listCredentials(room: RoomManagement, own: OwnSecrets): Promise<RoomCredential[]> {
  const credentials = await listAll(room, CREDENTIALS_PATH, ManagedCredential)
  return credentials.map((credential) => toRoomCredential(credential, own))
}

/** Creates a credential: it and its `<id>:<secret>` string, which the room shows this once. */
export async function createCredential(
  room: RoomManagement,
  own: OwnSecrets,
  label: string,
): Promise<{ credential: RoomCredential; secret: string }> {
  const answer = await callManagement(room, 'POST', CREDENTIALS_PATH, { label })
  const created = parseRoomAnswer(ManagedCredential.extend({ credential: z.string() }), answer, 'credential')
  return { credential: toRoomCredential(created, own), secret: created.credential }
}

/** Revokes a credential, unless it is the one Robodeck signs its management calls with. */
export async function revokeCredential(room: RoomManagement, own: OwnSecrets, id: string): Promise<void> {
  if (id === ownCredentialId(own))
    throw new CoreError(
      'own_credential',
      'This is the credential Robodeck itself uses to manage the local Control Room: revoking it would end this page’s access.',
    )
  const answer = await callManagement(room, 'DELETE', `${CREDENTIALS_PATH}/${encodeURIComponent(id)}`)
  parseRoomAnswer(z.object({ deleted: z.literal(true) }), answer, 'credential')
}

function toRoomCredential(credential: z.infer<typeof ManagedCredential>, own: OwnSecrets): RoomCredential {
  return {
    id: credential.id,
    label: credential.label,
    bootstrap: credential.bootstrap,
    createdAt: credential.created_at,
    lastUsedAt: credential.last_used_at,
    usedByRobodeck: credential.id === ownCredentialId(own),
  }
}
