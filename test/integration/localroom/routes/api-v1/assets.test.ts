/** Asset Storage over real HTTP: CRUD, name: lookups, inline and URL uploads, signed downloads. */

import { randomBytes, randomUUID } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { specResponseSchema, validateAgainstSpec } from '../../../../support/localroom'
import { itWithSpec, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { wsApi: api } = fixture
let readKey: string

/** Bodies received from spec operations, validated by the last test (which reports itself skipped without the spec). */
const received: { method: string; path: string; status: number; body: unknown }[] = []
function expectSpec(method: string, specPath: string, body: unknown) {
  received.push({ method, path: `/workspaces/{workspace_id}${specPath}`, status: 200, body })
}

const newAsset = async (name = `asset-${randomUUID()}`) => {
  const created = await api('POST', '/assets', { body: { name } })
  expect(created.status).toBe(200)
  return created.body as { id: string; name: string }
}

beforeAll(async () => {
  readKey = await fixture.makeKey(['Assets.read_asset_storage_assets'], 'read')
})

describe('assets', () => {
  it('creates, lists, gets (by id and name:) and deletes an asset', async () => {
    const name = `report ${randomUUID()} / ü`
    const created = await api('POST', '/assets', { body: { name } })
    expect(created.status).toBe(200)
    expectSpec('POST', '/assets', created.body)
    expect(created.body).toEqual({ id: expect.any(String), name, payload: { type: 'empty' } })
    const { id } = created.body

    const byId = await api('GET', `/assets/${id}`)
    expectSpec('GET', '/assets/{asset_id}', byId.body)
    expect(byId.body).toEqual(created.body)
    const byName = await api('GET', `/assets/${encodeURIComponent(`name:${name}`)}`)
    expect(byName.status).toBe(200)
    expect(byName.body).toEqual(created.body)

    const list = await api('GET', '/assets')
    expectSpec('GET', '/assets', list.body)
    expect(list.body.data).toContainEqual({ id, name })

    const duplicate = await api('POST', '/assets', { body: { name } })
    expect(duplicate.status).toBe(409)
    expect(duplicate.body.error.code).toBe('conflict')

    const deleted = await api('DELETE', `/assets/${encodeURIComponent(`name:${name}`)}`)
    expect(deleted.status).toBe(200)
    expectSpec('DELETE', '/assets/{asset_id}', deleted.body)
    expect(deleted.body).toEqual({ id, deleted: true })
    expect((await api('GET', `/assets/${id}`)).status).toBe(404)
    expect((await api('DELETE', `/assets/${id}`)).status).toBe(404)
    expect((await api('GET', '/assets/name:nothing-here')).status).toBe(404)
  })

  it('paginates the list', async () => {
    for (let i = 0; i < 3; i++) await newAsset()
    const first = await api('GET', '/assets?limit=2')
    expect(first.body).toMatchObject({ has_more: true })
    const second = await fixture.api('GET', first.body.next)
    expect(second.body.data.length).toBeGreaterThan(0)
    expect(second.body.data.map((a: { id: string }) => a.id)).not.toContain(first.body.data[0].id)
  })

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'x'.repeat(256) }, 'name'],
    [{ name: 'line\nbreak' }, 'name'],
  ])('refuses a bad create body with a 400 naming the field (%j)', async (body, field) => {
    const response = await api('POST', '/assets', { body })
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain(`"${field}"`)
  })

  it('uploads inline data and serves it through a signed, time-limited URL', async () => {
    const asset = await newAsset()
    const content = Buffer.from('hello, asset storage\n')
    const upload = await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'text/plain', data: content.toString('base64') },
    })
    expect(upload.status).toBe(200)
    expectSpec('POST', '/assets/{asset_id}/uploads', upload.body)
    expect(upload.body).toEqual({ id: expect.any(String), status: 'completed', content_type: 'text/plain' })

    const status = await api('GET', `/assets/${asset.id}/uploads/${upload.body.id}`)
    expectSpec('GET', '/assets/{asset_id}/uploads/{upload_id}', status.body)
    expect(status.body.status).toBe('completed')

    const got = await api('GET', `/assets/name:${asset.name}`)
    expectSpec('GET', '/assets/{asset_id}', got.body)
    expect(got.body.payload).toMatchObject({ type: 'url', content_type: 'text/plain' })
    const url = new URL(got.body.payload.url)
    expect(url.searchParams.get('expires')).toMatch(/^\d+$/)
    const download = await fetch(url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toContain('text/plain')
    expect(download.headers.get('content-disposition')).toContain('attachment')
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content)

    const tampered = new URL(url)
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 60))
    expect((await fetch(tampered)).status).toBe(403)
    expect((await fetch(`${fixture.origin}${url.pathname}`)).status).toBe(403)
    // The download link is for GET only.
    expect((await fetch(url, { method: 'PUT', body: 'x' })).status).toBe(403)
  })

  it('uploads through the upload URL (raw bytes, no content type) and replaces the payload', async () => {
    const asset = await newAsset()
    await api('POST', `/assets/${asset.id}/uploads`, { body: { content_type: 'text/plain', data: 'b2xk' } })
    // The path robocorp-storage posts to.
    const created = await api('POST', `/assets/${asset.id}/upload`, {
      body: { content_type: 'application/zip' },
    })
    expect(created.status).toBe(200)
    expectSpec('POST', '/assets/{asset_id}/uploads', created.body)
    expect(created.body).toMatchObject({ status: 'pending', content_type: 'application/zip' })
    const pending = await api('GET', `/assets/${asset.id}/uploads/${created.body.id}`)
    expectSpec('GET', '/assets/{asset_id}/uploads/{upload_id}', pending.body)
    expect(pending.body).toEqual({ id: created.body.id, status: 'pending', content_type: 'application/zip' })

    const content = randomBytes(200_000)
    const uploadUrl = new URL(created.body.upload_url)
    const tampered = new URL(uploadUrl)
    tampered.searchParams.set('signature', 'x'.repeat(43))
    expect((await fetch(tampered, { method: 'PUT', body: content })).status).toBe(403)
    const put = await fetch(uploadUrl, { method: 'PUT', body: content })
    expect(put.status).toBe(200)
    expect((await fetch(uploadUrl, { method: 'PUT', body: content })).status).toBe(409)

    const done = await api('GET', `/assets/${asset.id}/uploads/${created.body.id}`)
    expect(done.body.status).toBe('completed')
    const got = await api('GET', `/assets/${asset.id}`)
    expect(got.body.payload.content_type).toBe('application/zip')
    const download = await fetch(got.body.payload.url)
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true)
    // The replaced content is gone from disk; only the current upload's file stays.
    const files = readdirSync(join(fixture.dataDir, 'assets'))
    expect(files).toContain(created.body.id)
    expect(files.filter((file) => file.endsWith('.part'))).toEqual([])
  })

  it('accepts JSON content through the upload URL as raw bytes', async () => {
    const asset = await newAsset()
    const created = await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'application/json' },
    })
    const put = await fetch(created.body.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"not": "parsed"',
    })
    expect(put.status).toBe(200)
    const got = await api('GET', `/assets/${asset.id}`)
    expect(await (await fetch(got.body.payload.url)).text()).toBe('{"not": "parsed"')
  })

  it('refuses content over the upload URL limit with 413 and reports the upload failed', async () => {
    const asset = await newAsset()
    const created = await api('POST', `/assets/${asset.id}/uploads`, { body: { content_type: 'text/plain' } })
    // Announce more than the limit without sending it: the room answers from the header.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(created.body.upload_url, {
        method: 'PUT',
        headers: { 'content-length': String(50 * 1024 * 1024 + 1) },
      })
      req.on('response', (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.write('partial')
    })
    expect(status).toBe(413)
    const upload = await api('GET', `/assets/${asset.id}/uploads/${created.body.id}`)
    expectSpec('GET', '/assets/{asset_id}/uploads/{upload_id}', upload.body)
    expect(upload.body).toMatchObject({ status: 'failed', reason: expect.stringContaining('limit') })
    expect((await api('GET', `/assets/${asset.id}`)).body.payload).toEqual({ type: 'empty' })
  })

  it('removes the content when the asset is deleted', async () => {
    const asset = await newAsset()
    const upload = await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'text/plain', data: 'eA==' },
    })
    const url = (await api('GET', `/assets/${asset.id}`)).body.payload.url
    await api('DELETE', `/assets/${asset.id}`)
    expect(readdirSync(join(fixture.dataDir, 'assets'))).not.toContain(upload.body.id)
    expect((await fetch(url)).status).toBe(404)
  })

  it.each([
    [{}, 'content_type'],
    [{ content_type: 'not a type' }, 'content_type'],
    [{ content_type: 'text/plain\r\nx-evil: 1' }, 'content_type'],
    [{ content_type: 'text/plain', data: 'not base64!' }, 'data'],
    [{ content_type: 'text/plain', data: 7 }, 'data'],
  ])('refuses a bad upload body with a 400 naming the field (%j)', async (body, field) => {
    const asset = await newAsset()
    const response = await api('POST', `/assets/${asset.id}/uploads`, { body })
    expect(response.status).toBe(400)
    expect(response.body.error.message).toContain(`"${field}"`)
  })

  it('refuses inline data over the limit (400) and answers 404 for unknown assets and uploads', async () => {
    const asset = await newAsset()
    const big = randomBytes(5 * 1024 * 1024 + 3).toString('base64')
    const tooBig = await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'text/plain', data: big },
    })
    expect(tooBig.status).toBe(400)
    expect(tooBig.body.error.message).toContain('"data"')
    const missing = await api('POST', `/assets/${randomUUID()}/uploads`, {
      body: { content_type: 'text/plain' },
    })
    expect(missing.status).toBe(404)
    expect((await api('GET', `/assets/${asset.id}/uploads/${randomUUID()}`)).status).toBe(404)
  })

  // Issue 7: a regular expression over the whole base64 text overflowed the stack from about 4 MiB.
  it.each([
    ['4.5 MiB', 4.5 * 1024 * 1024],
    ['exactly 5 MiB', 5 * 1024 * 1024],
  ])('accepts inline data of %s and serves it back byte for byte', async (_label, size) => {
    const asset = await newAsset()
    const content = randomBytes(size)
    const upload = await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'application/octet-stream', data: content.toString('base64') },
    })
    expect(upload.status, JSON.stringify(upload.body)).toBe(200)
    expect(upload.body.status).toBe('completed')
    const got = await api('GET', `/assets/${asset.id}`)
    const download = await fetch(got.body.payload.url)
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true)
  })

  it('refuses inline data one byte over 5 MiB, and text that is not padded base64, with a 400 naming "data"', async () => {
    const asset = await newAsset()
    // 5 MiB + 1 byte encodes to exactly as many characters as 5 MiB + 2: only the decoded size tells.
    for (const data of [
      randomBytes(5 * 1024 * 1024 + 1).toString('base64'),
      `${randomBytes(3 * 1024 * 1024).toString('base64')}!`,
      `${randomBytes(4 * 1024 * 1024)
        .toString('base64')
        .slice(0, -4)}A===`,
      randomBytes(1024).toString('base64url'),
    ]) {
      const response = await api('POST', `/assets/${asset.id}/uploads`, {
        body: { content_type: 'text/plain', data },
      })
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(response.body.error.message).toContain('"data"')
    }
    expect((await api('GET', `/assets/${asset.id}`)).body.payload).toEqual({ type: 'empty' })
  })

  it('enforces the spec permissions (getAssetUpload needs write)', async () => {
    const asset = await newAsset()
    const upload = await api('POST', `/assets/${asset.id}/uploads`, { body: { content_type: 'text/plain' } })
    expect((await api('GET', `/assets/${asset.id}`, { key: readKey })).status).toBe(200)
    const denied = await api('GET', `/assets/${asset.id}/uploads/${upload.body.id}`, { key: readKey })
    expect(denied.status).toBe(403)
    expect(denied.body.error.message).toContain('Assets.write_asset_storage_assets')
    expect((await api('POST', '/assets', { key: readKey, body: { name: 'x' } })).status).toBe(403)
  })

  // Last: it restarts the shared room.
  it('keeps assets and their content across a restart', async () => {
    const asset = await newAsset()
    await api('POST', `/assets/${asset.id}/uploads`, {
      body: { content_type: 'text/plain', data: 'a2VwdA==' },
    })
    await fixture.restart()
    const got = await api('GET', `/assets/name:${asset.name}`)
    expect(got.status).toBe(200)
    expect(await (await fetch(got.body.payload.url)).text()).toBe('kept')
  })
})

describe('the official spec', () => {
  itWithSpec('validates every response body received above against its operation schema', () => {
    expect(received.length).toBeGreaterThan(0)
    for (const { method, path, status, body } of received) {
      expect(
        validateAgainstSpec(specResponseSchema(method, path, status), body),
        `${method} ${path}`,
      ).toEqual([])
    }
  })
})
