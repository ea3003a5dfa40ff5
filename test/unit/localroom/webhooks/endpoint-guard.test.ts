/** Which webhook addresses the room refuses, before DNS and after it. */
import { describe, expect, it } from 'vitest'
import {
  checkEndpoint,
  guardedLookup,
  RefusedEndpoint,
  refusedAddress,
  refusedHost,
} from '../../../../src/localroom/webhooks/endpoint-guard'

describe('endpoint guard', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'FE80::abcd',
    'febf::1',
    '::ffff:169.254.169.254',
    'fd00:ec2::254',
    '100.100.100.200',
  ])('refuses %s', (address) => {
    expect(refusedAddress(address)).toMatch(/link-local or cloud metadata/)
  })

  it.each([
    '127.0.0.1',
    '::1',
    '10.0.0.5',
    '192.168.1.10',
    '169.253.255.255',
    '169.255.0.1',
    'fec0::1',
    '8.8.8.8',
  ])('accepts %s', (address) => {
    expect(refusedAddress(address)).toBeNull()
  })

  it('refuses metadata host names whatever they resolve to, and bracketed IPv6 literals', () => {
    expect(refusedHost('metadata.google.internal')).toMatch(/metadata service/)
    expect(refusedHost('METADATA.GOOGLE.INTERNAL.')).toMatch(/metadata service/)
    expect(refusedHost('[fe80::1]')).toMatch(/link-local/)
    expect(refusedHost('hooks.example.com')).toBeNull()
  })

  it('checks an endpoint when it is stored: scheme, credentials, address; allowed when the room says so', async () => {
    await expect(checkEndpoint('ftp://example.com/x', false)).rejects.toThrow(RefusedEndpoint)
    await expect(checkEndpoint('http://u:p@127.0.0.1/x', false)).rejects.toThrow(/credentials/)
    await expect(checkEndpoint('http://169.254.169.254/latest', false)).rejects.toThrow(/link-local/)
    await expect(checkEndpoint('http://169.254.169.254/latest', true)).resolves.toBeUndefined()
    // localhost resolves to loopback: accepted.
    await expect(checkEndpoint('http://localhost:9/hook', false)).resolves.toBeUndefined()
  })

  it('looks names up for the connection and passes usable addresses on', async () => {
    const lookup = guardedLookup(false)
    const all = await new Promise<unknown>((resolve, reject) =>
      lookup('localhost', { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
    )
    expect(Array.isArray(all) && all.length > 0).toBe(true)
    const one = await new Promise<unknown>((resolve, reject) =>
      lookup('localhost', {}, (error, address) => (error ? reject(error) : resolve(address))),
    )
    expect(typeof one).toBe('string')
  })
})
