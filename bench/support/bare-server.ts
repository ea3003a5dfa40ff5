/** The baseline: a bare node:http server that answers every request with fixed bytes. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export async function startBareServer(body: string, contentType = 'application/json') {
  const bytes = Buffer.from(body)
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length })
      response.end(bytes)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
