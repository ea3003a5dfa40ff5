/**
 * Requests Node's HTTP parser refuses before any route sees them, sent byte for byte over a socket:
 * they still get the API's {"error":{"code","message"}} shape, not the framework's own.
 */
import { describe, expect, it } from 'vitest'
import { rawHttp } from '../../../support/raw-http'
import { isErrorBody, roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })

describe('requests refused by the HTTP parser', () => {
  it('answers a request line and headers over the limit with 431 in the API error shape', async () => {
    const path = `/api/v1/workspaces/${fixture.room.workspaceId}/process-runs?limit=${'9'.repeat(20_000)}`
    const answer = await rawHttp(fixture.room.origin, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    expect(answer.status).toBe(431)
    const body = JSON.parse(answer.body)
    expect(isErrorBody(body)).toBe(true)
    expect(body.error.code).toBe('request_header_fields_too_large')
  })

  it('answers bytes that are not HTTP with 400 in the API error shape', async () => {
    const answer = await rawHttp(fixture.room.origin, 'NOT HTTP AT ALL\r\n\r\n')
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'invalid_request', message: 'The request is not valid HTTP' },
    })
  })

  it('keeps serving afterwards', async () => {
    const answer = await rawHttp(
      fixture.room.origin,
      'GET /docs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    )
    expect(answer.status).toBe(200)
  })
})
