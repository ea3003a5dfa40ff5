/**
 * Reading a file Control Room links to (an artifact's presigned URL): no key is sent (the link
 * carries its own signature), the transport rules of controlroom-http.ts still hold (https except
 * loopback, the same proxy and CAs), and at most `maxBytes` are read, so a huge file cannot fill
 * main's memory. The link itself never leaves main: not in an error, not in a log line.
 */
import { type Dispatcher, request } from 'undici'
import { isLoopback, transportError } from './controlroom-http'
import { CoreError } from './errors'

const MAX_REDIRECTS = 3

export interface Downloaded {
  bytes: Buffer
  /** True when the file is longer than maxBytes and only the first maxBytes were read. */
  truncated: boolean
}

const allowed = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url))

/** GETs a signed link and reads at most maxBytes of it. */
export async function downloadLink(
  dispatcher: Dispatcher,
  link: string,
  maxBytes: number,
  timeoutMs: number,
): Promise<Downloaded> {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    throw new CoreError('bad_response', 'Control Room sent a download link that is not a URL.')
  }
  for (let hop = 0; ; hop++) {
    if (!allowed(url))
      throw new CoreError('insecure_url', `The download link points to an insecure address (${url.origin}).`)
    let response: Dispatcher.ResponseData
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
    } catch (error) {
      throw transportError(url, error)
    }
    const location = response.headers.location
    if (response.statusCode >= 300 && response.statusCode < 400 && location && hop < MAX_REDIRECTS) {
      await response.body.dump()
      url = new URL(Array.isArray(location) ? (location[0] as string) : location, url)
      continue
    }
    if (response.statusCode !== 200) {
      await response.body.dump()
      throw new CoreError(
        response.statusCode === 404 ? 'not_found' : `http_${response.statusCode}`,
        `The file could not be downloaded (HTTP ${response.statusCode} from ${url.origin}).`,
        response.statusCode,
      )
    }
    return readCapped(response.body, maxBytes, url)
  }
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number, url: URL) {
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer
      if (length + buffer.length > maxBytes) {
        chunks.push(buffer.subarray(0, maxBytes - length))
        // Stop reading: the rest of a large file is not needed for a preview.
        body.destroy()
        return { bytes: Buffer.concat(chunks), truncated: true }
      }
      chunks.push(buffer)
      length += buffer.length
    }
  } catch (error) {
    throw transportError(url, error)
  }
  return { bytes: Buffer.concat(chunks), truncated: false }
}
