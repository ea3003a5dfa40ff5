import { describe, expect, it } from 'vitest'
import { formatHost, formatOrigin } from '../../../src/shared/origin'

describe('formatOrigin', () => {
  it('writes IPv4 addresses and names as they are', () => {
    expect(formatOrigin('127.0.0.1', 4123)).toBe('http://127.0.0.1:4123')
    expect(formatOrigin('localhost', 80)).toBe('http://localhost:80')
  })

  it('puts IPv6 addresses in brackets, once', () => {
    expect(formatOrigin('::1', 4123)).toBe('http://[::1]:4123')
    expect(formatOrigin('[::1]', 4123)).toBe('http://[::1]:4123')
    expect(formatOrigin('fe80::1', 1)).toBe('http://[fe80::1]:1')
  })

  it('writes a wildcard address as the loopback address of its family', () => {
    expect(formatHost('0.0.0.0')).toBe('127.0.0.1')
    expect(formatHost('')).toBe('127.0.0.1')
    expect(formatHost('::')).toBe('[::1]')
    expect(formatHost('[::]')).toBe('[::1]')
  })

  it('gives a URL the WHATWG parser reads back to the same host and port', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']) {
      const url = new URL(formatOrigin(host, 4123))
      expect(url.port).toBe('4123')
      expect(url.origin).toBe(formatOrigin(host, 4123))
    }
  })
})
