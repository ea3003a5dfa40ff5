/**
 * How a server's listening address is written in a URL, the one home for it (web mode and the local
 * room both print and check their origin). Pure, dependency-free: any layer may import it.
 */

/**
 * The host part of a URL for a listening address: IPv6 in brackets (`::1` -> `[::1]`), and a wildcard
 * address as the loopback address of its family, since that is how it is reached from this machine.
 */
export function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::' || host === '[::]') return '[::1]'
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

/** `http://host:port` for a listening address, e.g. `http://[::1]:4123`. */
export function formatOrigin(host: string, port: number): string {
  return `http://${formatHost(host)}:${port}`
}
