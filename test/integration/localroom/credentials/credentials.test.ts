/**
 * User access credentials over real HTTP: robocloud-hmac signing as rcc does it, the token vendor
 * paths rcc calls, credential management, and the refusals (bad signature, clock skew, revoked).
 */
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DB_FILE } from '../../../../src/localroom/db/db'
import { parseCredential } from '../../../../src/platform/robocloud-hmac'
import { type SignedResponse, signedRequest } from '../../../support/credential-client'
import { callApi } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { signed } = fixture
/** The bootstrap user credential: the workspace owner's. */
const owner = () => fixture.room.bootstrap?.user_credential as string

const secretOf = (credential: string) => parseCredential(credential)?.secret as string

/** A 401 in the error shape that does not give away the secret. */
const expect401 = (response: SignedResponse, credential = owner()) => {
  expect(response.status).toBe(401)
  expect(response.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } })
  expect(response.text).not.toContain(secretOf(credential))
}

const DETAILS = '/token-vendor-v1/user/details'
const CREDENTIALS = '/management-v1/user/credentials'

describe('user access credentials', () => {
  it('are issued with the bootstrap and identify the owner user', async () => {
    expect(owner()).toMatch(/^\d+:[0-9a-f]{96}$/)
    const response = await signed('GET', DETAILS)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({
      user: {
        id: expect.any(String),
        email: 'owner@localhost',
        first_name: 'Local',
        last_name: 'Owner',
        company_name: 'Local',
      },
    })
  })

  it('accept the digest of {} for a bodiless request, as rcc signs its GET and DELETE calls', async () => {
    const response = await signed('GET', DETAILS, undefined, { signBody: '{}' })
    expect(response.status).toBe(200)
  })

  it('refuse a bad signature, another path, another body or another query', async () => {
    expect401(await signed('GET', DETAILS, undefined, { signBody: '{"a":1}' }))
    expect401(await signed('GET', DETAILS, undefined, { signPath: '/other' }))
    // The query string is signed: one added after signing is refused.
    expect401(
      await signed('GET', `${CREDENTIALS}?limit=1`, undefined, {
        signPath: CREDENTIALS,
      }),
    )
    expect((await signed('GET', `${CREDENTIALS}?limit=1`)).status).toBe(200)
    const tampered = await signed('POST', CREDENTIALS, undefined, {
      rawBody: '{"label":"evil"}',
      signBody: '{"label":"fine"}',
    })
    expect401(tampered)
    const wrongSecret = `${parseCredential(owner())?.id}:${'0'.repeat(96)}`
    expect401(await signedRequest(fixture.room.origin, wrongSecret, 'GET', DETAILS))
    const unknown = `999999:${secretOf(owner())}`
    const response = await signedRequest(fixture.room.origin, unknown, 'GET', DETAILS)
    expect401(response)
    expect(response.body.error.message).toMatch(/unknown or has been revoked/)
  })

  it('refuse timestamps more than 5 minutes off (clock skew) and missing headers', async () => {
    const now = Math.floor(Date.now() / 1000)
    for (const timestamp of [now - 301, now + 301]) {
      const response = await signed('GET', DETAILS, undefined, { timestamp })
      expect401(response)
      expect(response.body.error.message).toMatch(/clock skew/)
    }
    expect((await signed('GET', DETAILS, undefined, { timestamp: now - 250 })).status).toBe(200)
    expect401(
      await signed('GET', DETAILS, undefined, {
        headers: { 'authorization-timestamp': 'soon' },
      }),
    )
    expect401(
      await signed('GET', DETAILS, undefined, {
        headers: { authorization: 'robocloud-hmac 1' },
      }),
    )
    // An API key is not a user credential.
    const withKey = await callApi(fixture.room.origin, 'GET', DETAILS, {
      key: fixture.room.bootstrap?.api_key,
    })
    expect(withKey.status).toBe(401)
    expect(withKey.body.error.code).toBe('unauthorized')
  })

  it('ask for a signature before telling a path does not exist', async () => {
    expect((await callApi(fixture.room.origin, 'GET', '/management-v1/nothing-here')).status).toBe(401)
    expect((await callApi(fixture.room.origin, 'GET', '/token-vendor-v1/nothing-here')).status).toBe(401)
    const unknownPath = await signed('GET', '/management-v1/nothing-here')
    expect(unknownPath.status).toBe(404)
    expect(unknownPath.body.error.code).toBe('not_found')
    // A known credential id is not enough: the signature is checked before the 404 too.
    const forged = await signed('POST', '/management-v1/nothing-here', undefined, {
      rawBody: '{}',
      signBody: '{"a":1}',
    })
    expect401(forged)
  })

  it('are created, listed without secrets, used and revoked', async () => {
    const created = await signed('POST', CREDENTIALS, {
      label: 'rcc on my laptop',
    })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      label: 'rcc on my laptop',
      bootstrap: false,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      last_used_at: null,
      credential: expect.stringMatching(/^\d+:[0-9a-f]{96}$/),
    })
    const credential = created.body.credential as string
    expect(credential.startsWith(`${created.body.id}:`)).toBe(true)

    expect((await signedRequest(fixture.room.origin, credential, 'GET', DETAILS)).status).toBe(200)
    const list = await signed('GET', CREDENTIALS)
    expect(list.status).toBe(200)
    expect(list.body.has_more).toBe(false)
    const listed = list.body.data.find((item: { id: string }) => item.id === created.body.id)
    expect(listed).toEqual({
      ...created.body,
      credential: undefined,
      last_used_at: expect.stringMatching(/^\d{4}-/),
    })
    expect(Object.keys(listed)).not.toContain('credential')
    expect(list.text).not.toContain(secretOf(credential))
    expect(list.text).not.toContain(secretOf(owner()))
    expect(list.body.data.map((item: { label: string }) => item.label)).toContain('Robodeck bootstrap')

    const revoked = await signed('DELETE', `${CREDENTIALS}/${created.body.id}`)
    expect(revoked.body).toEqual({ id: created.body.id, deleted: true })
    expect401(await signedRequest(fixture.room.origin, credential, 'GET', DETAILS), credential)
    expect((await signed('DELETE', `${CREDENTIALS}/${created.body.id}`)).status).toBe(404)
    expect((await signed('DELETE', `${CREDENTIALS}/not-a-number`)).status).toBe(404)
  })

  it('validate the create body', async () => {
    for (const body of [{}, { label: '' }, { label: 7 }]) {
      const response = await signed('POST', CREDENTIALS, body)
      expect(response.status).toBe(400)
      expect(response.body.error.message).toMatch(/label/)
    }
    const notJson = await signed('POST', CREDENTIALS, undefined, {
      rawBody: '{"label":',
    })
    expect(notJson.status).toBe(400)
    expect(notJson.body.error.code).toBe('invalid_json')
  })

  it("revoke the signing credential with rcc's DELETE /token-vendor-v1/credential", async () => {
    const created = await signed('POST', CREDENTIALS, { label: 'to delete' })
    const credential = created.body.credential as string
    const response = await signedRequest(
      fixture.room.origin,
      credential,
      'DELETE',
      '/token-vendor-v1/credential',
      undefined,
      {
        signBody: '{}',
      },
    )
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ id: created.body.id, deleted: true })
    expect401(await signedRequest(fixture.room.origin, credential, 'GET', DETAILS), credential)
    expect((await signed('GET', DETAILS)).status).toBe(200)
  })

  it('hand out tokens for user and workspace claims, with the body signed byte for byte', async () => {
    // rcc sends json.MarshalIndent output: the signature covers exactly these bytes.
    const rawBody = '{\n  "expiresIn": 1200,\n  "capabilitySet": "view/workspaces"\n}'
    const user = await signed('POST', '/token-vendor-v1/user/tokenrequest', undefined, { rawBody })
    expect(user.status).toBe(200)
    expect(user.body).toEqual({ token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), expiresIn: 1200 })
    const claims = JSON.parse(Buffer.from(user.body.token.split('.')[1], 'base64url').toString('utf8'))
    expect(claims).toMatchObject({ cap: 'view/workspaces', exp: claims.iat + 1200 })

    const wsPath = `/token-vendor-v1/workspaces/${fixture.room.workspaceId}/tokenrequest`
    const ws = await signed('POST', wsPath, { capabilitySet: 'run/robot' })
    expect(ws.status).toBe(200)
    const other = await signed('POST', '/token-vendor-v1/workspaces/someone-else/tokenrequest', {})
    expect(other.status).toBe(403)
    const bad = await signed('POST', wsPath, { capabilitySet: 'root' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/capabilitySet/)
  })

  it('are stored sealed, never in plain text', async () => {
    const db = new DatabaseSync(join(fixture.dataDir, DB_FILE), { readOnly: true })
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM user_credentials').all())
      expect(dump).not.toContain(secretOf(owner()))
      expect(dump).toMatch(/v1\./)
    } finally {
      db.close()
    }
  })
})

describe('the standalone room', () => {
  const standalone = roomFixture({ mode: 'spawned' })

  it('prints the owner credential in the bootstrap line and never logs it', async () => {
    const credential = standalone.process.bootstrap.user_credential as string
    expect(credential).toMatch(/^\d+:[0-9a-f]{96}$/)
    const details = await standalone.signed('GET', DETAILS)
    expect(details.body.user.email).toBe('owner@localhost')
    expect(await standalone.signed('GET', DETAILS, undefined, { signBody: 'x' })).toMatchObject({
      status: 401,
    })
    expect(standalone.process.stderr()).not.toContain(secretOf(credential))
  })
})
