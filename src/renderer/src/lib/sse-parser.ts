/**
 * Server-sent events over fetch: EventSource cannot send web mode's bearer header, so the stream is
 * read with fetch and parsed with eventsource-parser, behind this small pull-style interface.
 */
import { createParser } from 'eventsource-parser'

/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `event:` field, or `message` when the server sent none. */
  event: string
  /** The `data:` lines joined with `\n`. */
  data: string
  /** The last `id:` seen on the stream so far, if any (the spec carries it across messages). */
  id: string | undefined
}

export interface SseParser {
  /** Feeds decoded text (any split, even mid-line or between \r and \n); returns complete messages. */
  push(text: string): SseMessage[]
  /** The server's last valid `retry:` value in milliseconds, if it sent one. */
  readonly retryMs: number | undefined
  /** The last event id, to send back as Last-Event-ID when reconnecting. */
  readonly lastEventId: string | undefined
}

/** Creates a parser for one connection; make a new one (passing the last id) after reconnecting. */
export function createSseParser(initialLastEventId?: string): SseParser {
  let lastEventId = initialLastEventId
  let retryMs: number | undefined
  let pending: SseMessage[] = []
  const parser = createParser({
    onEvent(message) {
      if (message.id !== undefined) lastEventId = message.id
      pending.push({ event: message.event ?? 'message', data: message.data, id: lastEventId })
    },
    onRetry(interval) {
      retryMs = interval
    },
  })
  return {
    push(text) {
      parser.feed(text)
      const out = pending
      pending = []
      return out
    },
    get retryMs() {
      return retryMs
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
