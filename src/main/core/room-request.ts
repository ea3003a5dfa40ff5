/**
 * One HTTP request the app makes to a local room outside its Control Room client (the room another
 * process runs, the room's management API): the status and the JSON body, a body that is not JSON
 * read as none. Throws what undici throws; the caller says which room could not be reached.
 */
import { request } from 'undici'

export interface RoomAnswer {
  status: number
  json: unknown
}

export async function requestRoom(
  url: string,
  init: {
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
    headers: Record<string, string>
    body?: string | undefined
  },
  timeoutMs: number,
): Promise<RoomAnswer> {
  const response = await request(url, { ...init, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
  const text = await response.body.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: response.statusCode, json }
}
