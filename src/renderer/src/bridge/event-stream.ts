/**
 * The web mode event channel: a `text/event-stream` read with fetch (EventSource cannot send the
 * bearer header), reconnected with backoff when it drops, each message handed on by name.
 */
import { backoffDelay } from '../lib/backoff'
import { createSseParser, type SseMessage } from '../lib/sse-parser'
import type { WritableStatusStore } from './event-stream-status'

export interface EventStreamOptions {
  url: string
  fetch: typeof fetch
  token: () => string | undefined
  status: WritableStatusStore
  onMessage: (message: SseMessage) => void
  /** Injected so tests can run the reconnect loop without real waiting. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  random?: () => number
}

export interface EventStream {
  start(): void
  stop(): void
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        resolve()
      },
      { once: true },
    )
  })

export function createEventStream(options: EventStreamOptions): EventStream {
  const sleep = options.sleep ?? defaultSleep
  let controller: AbortController | undefined

  async function run(signal: AbortSignal) {
    let attempt = 0
    let lastEventId: string | undefined
    let baseMs = 500
    while (!signal.aborted) {
      const token = options.token()
      if (!token) {
        options.status.set('unauthorized')
        return
      }
      try {
        const headers: Record<string, string> = {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        }
        if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
        const response = await options.fetch(options.url, { headers, signal, cache: 'no-store' })
        if (response.status === 401) {
          // Retrying cannot help: the token is wrong until the page is opened with a new link.
          options.status.set('unauthorized')
          await response.body?.cancel().catch(() => {})
          return
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
        options.status.set('live')
        const parser = createSseParser(lastEventId)
        const decoder = new TextDecoder()
        const reader = response.body.getReader()
        try {
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            // Anything arriving (a heartbeat included) shows the server is healthy again.
            attempt = 0
            for (const message of parser.push(decoder.decode(value, { stream: true })))
              options.onMessage(message)
          }
        } finally {
          lastEventId = parser.lastEventId
          baseMs = parser.retryMs ?? baseMs
          reader.releaseLock()
        }
      } catch (error) {
        if (signal.aborted) return
        console.warn('Robodeck: event stream dropped, reconnecting', error)
      }
      if (signal.aborted) return
      options.status.set('reconnecting')
      await sleep(backoffDelay(attempt, baseMs, 30_000, options.random), signal)
      attempt++
    }
  }

  return {
    start() {
      if (controller) return
      controller = new AbortController()
      options.status.set('connecting')
      void run(controller.signal)
    },
    stop() {
      controller?.abort()
      controller = undefined
    },
  }
}
