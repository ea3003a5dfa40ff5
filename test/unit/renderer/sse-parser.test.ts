import { describe, expect, it } from 'vitest'
import { createSseParser } from '../../../src/renderer/src/lib/sse-parser'

/** Feeds the chunks one by one and collects every message. */
const feed = (chunks: string[], parser = createSseParser()) => chunks.flatMap((chunk) => parser.push(chunk))

describe('renderer SSE parser', () => {
  it('parses named events with JSON data', () => {
    expect(feed(['event: run.updated\ndata: {"id":"r1"}\n\n'])).toEqual([
      { event: 'run.updated', data: '{"id":"r1"}', id: undefined },
    ])
  })

  it('reassembles messages split mid-line, mid-field and between \\r and \\n', () => {
    const text = 'event: run.finished\r\ndata: {"id":"r2","state":"completed"}\r\n\r\n'
    const whole = feed([text])
    for (let i = 1; i < text.length; i++) {
      expect(feed([text.slice(0, i), text.slice(i)]), `split at ${i}`).toEqual(whole)
    }
    expect(feed(text.split(''))).toEqual(whole)
    expect(whole).toEqual([{ event: 'run.finished', data: '{"id":"r2","state":"completed"}', id: undefined }])
  })

  it('joins multi-line data with newlines', () => {
    expect(feed(['data: {\ndata:  "a": 1\ndata: }\n\n'])).toEqual([
      { event: 'message', data: '{\n "a": 1\n}', id: undefined },
    ])
  })

  it('ignores comments and heartbeats, and blank lines without data', () => {
    expect(feed([': connected\n\n', ': heartbeat\n\n', '\n\n', 'event: x\n\n'])).toEqual([])
    expect(feed([': connected\n\nevent: run.updated\n: in between\ndata: 1\n\n'])).toEqual([
      { event: 'run.updated', data: '1', id: undefined },
    ])
  })

  it('keeps an incomplete message until its blank line arrives', () => {
    const parser = createSseParser()
    expect(parser.push('event: run.updated\ndata: 1\n')).toEqual([])
    expect(parser.push('\n')).toEqual([{ event: 'run.updated', data: '1', id: undefined }])
  })

  it('resets the event name after each message', () => {
    expect(feed(['event: a\ndata: 1\n\ndata: 2\n\n']).map((m) => m.event)).toEqual(['a', 'message'])
  })

  it('handles CR-only line endings, fields without a value and unknown fields', () => {
    // A chunk ending in \r may be the first half of \r\n, so the last message is complete only
    // once more of the stream arrives (here a heartbeat comment).
    expect(feed(['data: 1\r\rdata\r\rfoo: bar\rdata:x\r\r', ': heartbeat\n'])).toEqual([
      { event: 'message', data: '1', id: undefined },
      { event: 'message', data: '', id: undefined },
      { event: 'message', data: 'x', id: undefined },
    ])
  })

  it('tracks the last event id and the retry delay', () => {
    const parser = createSseParser('5')
    expect(parser.lastEventId).toBe('5')
    const messages = parser.push('id: 6\ndata: a\n\nretry: 2500\ndata: b\n\nretry: soon\n\n')
    expect(messages.map((m) => m.id)).toEqual(['6', '6'])
    expect(parser.lastEventId).toBe('6')
    expect(parser.retryMs).toBe(2500)
  })
})
