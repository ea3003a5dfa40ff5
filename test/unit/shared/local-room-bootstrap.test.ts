/** The bootstrap line's contract in src/shared: the room writes it, the app and tests read it. */
import { describe, expect, it } from 'vitest'
import { formatBootstrapLine, parseBootstrapLine } from '../../../src/shared/local-room-bootstrap'

const bootstrap = {
  url: 'http://127.0.0.1:4123/api/v1',
  workspace_id: 'w1',
  api_key: 'k'.repeat(40),
  user_credential: `3:${'c'.repeat(96)}`,
}

describe('local room bootstrap line', () => {
  it('is one line of JSON that parses back to the same bootstrap', () => {
    const line = formatBootstrapLine(bootstrap)
    expect(line).not.toContain('\n')
    expect(JSON.parse(line)).toEqual(bootstrap)
    expect(parseBootstrapLine(line)).toEqual(bootstrap)
  })

  it('carries an IPv6 room address in brackets', () => {
    const ipv6 = { ...bootstrap, url: 'http://[::1]:4123/api/v1' }
    expect(parseBootstrapLine(formatBootstrapLine(ipv6))).toEqual(ipv6)
  })

  it('refuses to write a bootstrap the reader would reject', () => {
    expect(() => formatBootstrapLine({ ...bootstrap, url: 'not a url' })).toThrow()
    expect(() => formatBootstrapLine({ ...bootstrap, user_credential: 'secret' })).toThrow()
  })

  it('names the bad fields without repeating the line, which may hold a key', () => {
    const secret = 'sk-very-secret-value'
    const damaged = `{"url":"http://127.0.0.1:1/api/v1","api_key":"${secret}"`
    expect(() => parseBootstrapLine(damaged)).toThrow(/not JSON \(\d+ characters\)/)
    const missing = JSON.stringify({ url: 'http://127.0.0.1:1/api/v1', api_key: secret })
    expect(() => parseBootstrapLine(missing)).toThrow(/invalid fields: workspace_id/)
    for (const line of [damaged, missing]) {
      let message = ''
      try {
        parseBootstrapLine(line)
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(/bootstrap line/)
      expect(message).not.toContain(secret)
    }
  })
})
