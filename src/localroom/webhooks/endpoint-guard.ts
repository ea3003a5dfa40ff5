/**
 * Which addresses a webhook may be sent to. Only http(s) URLs; link-local addresses (169.254/16,
 * fe80::/10), where cloud metadata services answer, and the known metadata addresses and names are
 * refused unless the room allows them (--allow-link-local-webhooks). Checked when a webhook or
 * callback is stored, and again when the sender connects, on the addresses DNS gives then: a name
 * that resolved to a public address at creation may point at the metadata service later.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

const blocked = new BlockList()
blocked.addSubnet('169.254.0.0', 16, 'ipv4')
blocked.addSubnet('fe80::', 10, 'ipv6')
// Metadata services outside link-local: AWS's IPv6 endpoint, Alibaba Cloud's.
blocked.addAddress('fd00:ec2::254', 'ipv6')
blocked.addAddress('100.100.100.200', 'ipv4')

/** Host names that are metadata services whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata'])

/** Why an address is refused, or null when it may be used. */
export function refusedAddress(address: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  const ip = mapped?.[1] ?? address
  const family = isIP(ip)
  if (family === 0) return null
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6')
    ? `${address} is a link-local or cloud metadata address`
    : null
}

/** Why a URL's host (before any DNS) is refused, or null. */
export function refusedHost(hostname: string): string | null {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '')
  if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata service`
  return refusedAddress(host)
}

/** scheme://host:port of an endpoint (what bounds the requests in flight to one receiver). */
export function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin
  } catch {
    return endpoint
  }
}

/** Raised for an endpoint the room will not send to; its message says why (no secret in it). */
export class RefusedEndpoint extends Error {}

/** How long the check at creation waits for DNS before accepting (the sender checks again anyway). */
const CREATE_LOOKUP_TIMEOUT_MS = 2000

/**
 * Checks an endpoint when it is stored: http(s) only, and (unless allowed) neither its host nor
 * the addresses it resolves to now may be link-local or metadata. A name that does not resolve
 * yet is accepted: the sender's connect-time check decides when it does.
 */
export async function checkEndpoint(endpoint: string, allowLinkLocal: boolean): Promise<void> {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new RefusedEndpoint('expected an http or https URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RefusedEndpoint('expected an http or https URL')
  if (url.username || url.password) throw new RefusedEndpoint('credentials in the URL are not accepted')
  if (allowLinkLocal) return
  const host = refusedHost(url.hostname)
  if (host) throw new RefusedEndpoint(host)
  if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) return
  const addresses = await resolveWithin(url.hostname, CREATE_LOOKUP_TIMEOUT_MS)
  for (const { address } of addresses) {
    const refused = refusedAddress(address)
    if (refused) throw new RefusedEndpoint(`${url.hostname} resolves to ${refused}`)
  }
}

function resolveWithin(hostname: string, timeoutMs: number): Promise<LookupAddress[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs)
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      clearTimeout(timer)
      resolve(error ? [] : addresses)
    })
  })
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * A `lookup` for net/tls.connect (undici's connect options) that refuses link-local and metadata
 * addresses after DNS has answered, so the address checked is the address connected to.
 */
export function guardedLookup(allowLinkLocal: boolean) {
  return (hostname: string, options: LookupAllOptions | object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...(options as object), all: true }, (error, addresses) => {
      if (error) return callback(error, [])
      const usable = allowLinkLocal ? addresses : addresses.filter((a) => !refusedAddress(a.address))
      if (usable.length === 0) {
        const refused = new Error(
          `refused to connect: ${hostname} resolves only to link-local or cloud metadata addresses`,
        ) as NodeJS.ErrnoException
        refused.code = 'ERR_WEBHOOK_ADDRESS_REFUSED'
        return callback(refused, [])
      }
      if ((options as { all?: boolean }).all) return callback(null, usable)
      const first = usable[0] as LookupAddress
      callback(null, first.address, first.family)
    })
  }
}
