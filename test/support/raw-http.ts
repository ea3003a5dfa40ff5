/** Sends bytes exactly as given over a TCP socket, where a client library would refuse or fix them. */
import { connect } from 'node:net'

export interface RawAnswer {
  status: number
  headers: string
  body: string
}

/** Writes `request` to origin's host and port and reads the answer until the server closes the connection. */
export function rawHttp(origin: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(request))
    let received = ''
    socket.setEncoding('utf8')
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')))
    socket.on('data', (chunk: string) => {
      received += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => {
      const split = received.indexOf('\r\n\r\n')
      const head = split < 0 ? received : received.slice(0, split)
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head,
        body: split < 0 ? '' : received.slice(split + 4),
      })
    })
  })
}
