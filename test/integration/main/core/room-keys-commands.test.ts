/**
 * The room's key and credential commands (room.apiKeys, room.createApiKey, …, room.revokeCredential)
 * through the core's dispatcher against a real local Control Room (spawned): a key created, shown
 * once, used for real with RC-WSKEY, revealed, edited and deleted; a credential created, used to
 * sign, and revoked; Robodeck's own key and credential refused; the room's refusals told in words,
 * with no secret in any error.
 */
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../../src/main/core/core'
import { PERMISSIONS } from '../../../../src/shared/permissions'
import type { RoomApiKey, RoomCredential } from '../../../../src/shared/room-keys'
import { signedRequest } from '../../../support/credential-client'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../../../support/localroom'
import { commandsOf, createTestCore } from '../../../support/test-core'

let room: SpawnedLocalRoom
let core: Core
/** Every secret the tests saw: none may appear in an error. */
const secrets: string[] = []

beforeAll(async () => {
  room = await spawnLocalRoom()
  core = await createTestCore()
  await core.connectLocalRoom(room.bootstrap)
  secrets.push(room.bootstrap.api_key, room.bootstrap.user_credential as string)
})

afterAll(async () => {
  await core?.close()
  await room?.stop()
})

const local = { connectionId: 'local' }
const commands = commandsOf(() => core)

// biome-ignore lint/suspicious/noExplicitAny: each test reads the value it asked for
async function value(name: string, body: unknown): Promise<any> {
  return commands.ok(name, { ...local, ...(body as object) })
}

async function failure(name: string, body: unknown) {
  const error = await commands.failure(name, { ...local, ...(body as object) })
  const text = JSON.stringify(error)
  for (const secret of secrets) expect(text).not.toContain(secret.split(':').pop())
  return error
}

/** A real API v1 request with the key: its status. */
async function withKey(key: string, path: string) {
  const response = await request(`${room.bootstrap.url}/workspaces/${room.bootstrap.workspace_id}/${path}`, {
    headers: { authorization: `RC-WSKEY ${key}` },
  })
  await response.body.dump()
  return response.statusCode
}

describe('room API keys', () => {
  it('lists the permissions as the room has them, and Robodeck’s own key marked', async () => {
    expect(await value('room.permissions', {})).toEqual([...PERMISSIONS])
    const keys: RoomApiKey[] = await value('room.apiKeys', {})
    expect(keys.filter((key) => key.usedByRobodeck)).toHaveLength(1)
    for (const key of keys) expect(key.maskedValue).toMatch(/^….{4}$/)
    expect(JSON.stringify(keys)).not.toContain(room.bootstrap.api_key)
  })

  it('creates a key (value once), which works with its permissions only; reveals, edits, deletes it', async () => {
    const created = await value('room.createApiKey', {
      name: 'Reporting',
      permissions: ['Processes.read_processes', 'Processes.read_runs'],
    })
    const { key, value: secret } = created as { key: RoomApiKey; value: string }
    secrets.push(secret)
    expect(key).toMatchObject({
      name: 'Reporting',
      permissions: ['Processes.read_processes', 'Processes.read_runs'],
      maskedValue: `…${secret.slice(-4)}`,
      lastUsedAt: null,
      usedByRobodeck: false,
    })
    expect(await withKey(secret, 'processes')).toBe(200)
    expect(await withKey(secret, 'webhooks')).toBe(403)

    const listed: RoomApiKey[] = await value('room.apiKeys', {})
    const shown = listed.find((k) => k.id === key.id)
    expect(shown?.requestCount).toBe(2)
    expect(shown?.lastUsedAt).not.toBeNull()
    expect(JSON.stringify(listed)).not.toContain(secret)

    expect(await value('room.revealApiKey', { keyId: key.id })).toEqual({ value: secret })

    const edited = await value('room.updateApiKey', {
      keyId: key.id,
      name: 'Reporting and webhooks',
      permissions: ['Processes.read_processes', 'Webhooks.read_webhooks'],
    })
    expect(edited).toMatchObject({
      id: key.id,
      name: 'Reporting and webhooks',
      permissions: ['Processes.read_processes', 'Webhooks.read_webhooks'],
    })
    expect(await withKey(secret, 'webhooks')).toBe(200)
    expect(await withKey(secret, 'process-runs')).toBe(403)

    expect(await value('room.deleteApiKey', { keyId: key.id })).toEqual({ id: key.id })
    expect(await withKey(secret, 'processes')).toBe(401)
    expect((await value('room.apiKeys', {})).some((k: RoomApiKey) => k.id === key.id)).toBe(false)
  })

  it('tells the room’s refusals in words: an unknown permission, an unknown key', async () => {
    expect(
      await failure('room.createApiKey', {
        name: 'Bad',
        permissions: ['Processes.read_processes', 'Nope.x'],
      }),
    ).toEqual({
      code: 'invalid_api_key',
      message: 'The local Control Room refused the API key: Permissions: unknown permission(s) "Nope.x".',
      status: 400,
    })
    const missing = {
      code: 'not_found',
      message: 'The local Control Room has no such API key any more; reload the list.',
      status: 404,
    }
    expect(await failure('room.revealApiKey', { keyId: '999999' })).toEqual(missing)
    expect(await failure('room.updateApiKey', { keyId: '999999', name: 'x' })).toEqual(missing)
    expect(await failure('room.deleteApiKey', { keyId: '999999' })).toEqual(missing)
    expect((await failure('room.createApiKey', { name: ' ', permissions: [] })).code).toBe('invalid_request')
  })

  it('refuses to delete the key Robodeck itself uses, which keeps working', async () => {
    const own = ((await value('room.apiKeys', {})) as RoomApiKey[]).find((key) => key.usedByRobodeck)
    const error = await failure('room.deleteApiKey', { keyId: own?.id })
    expect(error.code).toBe('own_api_key')
    expect(error.message).toContain('is the key Robodeck itself uses')
    expect((await value('room.apiKeys', {})).some((k: RoomApiKey) => k.id === own?.id)).toBe(true)
  })
})

describe('room access credentials', () => {
  it('creates a credential (secret once) that signs, lists it, revokes it', async () => {
    const { credential, secret } = (await value('room.createCredential', { label: 'CI runner' })) as {
      credential: RoomCredential
      secret: string
    }
    secrets.push(secret)
    expect(secret).toMatch(new RegExp(`^${credential.id}:[0-9a-f]{96}$`))
    expect(credential).toMatchObject({ label: 'CI runner', bootstrap: false, usedByRobodeck: false })
    const origin = new URL(room.bootstrap.url).origin
    expect((await signedRequest(origin, secret, 'GET', '/management-v1/user/credentials')).status).toBe(200)

    const listed: RoomCredential[] = await value('room.credentials', {})
    expect(listed.find((c) => c.id === credential.id)?.lastUsedAt).not.toBeNull()
    expect(listed.filter((c) => c.usedByRobodeck)).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{96}/)

    expect(await value('room.revokeCredential', { credentialId: credential.id })).toEqual({
      id: credential.id,
    })
    expect((await signedRequest(origin, secret, 'GET', '/management-v1/user/credentials')).status).toBe(401)
    expect(await failure('room.revokeCredential', { credentialId: credential.id })).toEqual({
      code: 'not_found',
      message: 'The local Control Room has no such access credential any more; reload the list.',
      status: 404,
    })
  })

  it('refuses to revoke the credential Robodeck signs with', async () => {
    const own = ((await value('room.credentials', {})) as RoomCredential[]).find((c) => c.usedByRobodeck)
    const error = await failure('room.revokeCredential', { credentialId: own?.id })
    expect(error.code).toBe('own_credential')
    expect((await value('room.credentials', {})).length).toBeGreaterThan(0)
  })
})
