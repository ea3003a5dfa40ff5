/** The room's own OpenAPI document: structure, security per route, and agreement with the official spec. */

import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { API_KEY_SCHEME, openApiPath } from '../../../../src/localroom/http/openapi'
import { callApi, SPEC_PATH } from '../../../support/localroom'
import { itWithSpec, roomFixture } from '../../../support/room-fixture'

type Operation = {
  operationId: string
  security: Record<string, string[]>[]
  parameters: { name: string; in: string; required: boolean }[]
  responses: Record<string, unknown>
  requestBody?: unknown
}

const fixture = roomFixture({ mode: 'in-process', issueBootstrapKey: false })
// biome-ignore lint/suspicious/noExplicitAny: the document is walked field by field
let doc: any

beforeAll(async () => {
  const response = await callApi(fixture.room.origin, 'GET', '/api/v1/openapi.json')
  expect(response.status).toBe(200)
  doc = response.body
})

const operations = (): [string, string, Operation][] =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [path, method, op] as [string, string, Operation]),
  )

describe('the OpenAPI document', () => {
  it('is served without a key and has the top-level structure', () => {
    expect(doc.openapi).toMatch(/^3\.0\./)
    expect(doc.info.title).toBeTruthy()
    expect(doc.servers).toEqual([{ url: fixture.room.origin }])
    expect(doc.components.securitySchemes[API_KEY_SCHEME]).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    })
    expect(doc.components.schemas.Error).toBeTruthy()
  })

  it('gives every operation a unique operationId, responses, and its path parameters', () => {
    const ids = new Set<string>()
    for (const [path, method, op] of operations()) {
      expect(op.operationId, `${method} ${path}`).toBeTruthy()
      expect(ids.has(op.operationId), `duplicate ${op.operationId}`).toBe(false)
      ids.add(op.operationId)
      expect(op.responses['200'], op.operationId).toBeTruthy()
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
      const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name)
      expect(declared.sort(), op.operationId).toEqual(templated.sort())
    }
  })

  it('includes every declared non-hidden route, with exactly its permission as the security scope', () => {
    for (const { prefix, spec } of fixture.room.routes) {
      const op = doc.paths[openApiPath(prefix, spec.url)]?.[spec.method.toLowerCase()] as
        | Operation
        | undefined
      if (spec.hidden) {
        expect(op, spec.operationId).toBeUndefined()
        continue
      }
      expect(op?.operationId, `${spec.method} ${prefix}${spec.url}`).toBe(spec.operationId)
      if ((spec.auth ?? 'api-key') === 'api-key') {
        expect(op?.security, spec.operationId).toEqual([
          { [API_KEY_SCHEME]: spec.permission ? [spec.permission] : [] },
        ])
        expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']))
      }
    }
  })

  itWithSpec('uses the official permission for every operation the official spec has', () => {
    const official = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>
    }
    const permissionById = new Map<string, string[]>()
    for (const ops of Object.values(official.paths))
      for (const op of Object.values(ops))
        permissionById.set(op.operationId, op.security?.[0]?.[API_KEY_SCHEME] ?? [])
    let compared = 0
    for (const [, , op] of operations()) {
      const expected = permissionById.get(op.operationId)
      if (!expected) continue
      compared++
      const scopes = Object.values(op.security[0] ?? {})[0]
      expect(scopes, op.operationId).toEqual(expected)
    }
    expect(compared).toBe(permissionById.size)
  })
})
