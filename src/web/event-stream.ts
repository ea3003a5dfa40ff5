/**
 * The bridge's events as a server-sent event stream. A stream is written from an event bus listener
 * and a heartbeat timer, both of which can fire after the client left or the server ended the
 * response; a write then would emit an 'error' on the response that nothing handles, and that
 * takes the whole process down. So every write goes through one check, and the stream stops
 * listening on the first sign of an end (client gone, response ended, write failed).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { EventBus } from '../main/core/events'

const HEARTBEAT_MS = 15_000

/** Takes over the reply and streams every event of `events`; returns a function that ends it. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, events: EventBus): () => void {
  reply.hijack()
  const response = reply.raw
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  })
  let open = true
  const send = (text: string) => {
    if (open && !response.writableEnded && !response.destroyed) response.write(text)
  }
  const unsubscribe = events.subscribe((event) => {
    send(`event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`)
  })
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS)
  const stop = () => {
    if (!open) return
    open = false
    clearInterval(heartbeat)
    unsubscribe()
  }
  response.on('error', stop)
  response.on('close', stop)
  request.raw.on('close', stop)
  send(': connected\n\n')
  return () => {
    stop()
    if (!response.writableEnded) response.end()
  }
}
