/**
 * Deep links: `robodeck://run/<connection>/<run>` opens a run; `robodeck://launch/<connection>/<process>`
 * asks for confirmation before it launches (a link is something anyone can send you, so it never
 * launches by itself). Parsed and validated here, in one place, before anything acts on them.
 */

export type DeepLink =
  | { kind: 'run'; connectionId: string; runId: string }
  | { kind: 'launch'; connectionId: string; processId: string; needsConfirmation: true }

export const DEEP_LINK_SCHEME = 'robodeck:'
const MAX_LINK_LENGTH = 2_000
/** Ids as Control Room and Robodeck make them: no slashes, controls or spaces. */
const SAFE_ID = /^[A-Za-z0-9._~-]{1,200}$/

/** The link's meaning, or null for anything that is not exactly one of the two forms. */
export function parseDeepLink(link: string): DeepLink | null {
  if (typeof link !== 'string' || link.length > MAX_LINK_LENGTH) return null
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== DEEP_LINK_SCHEME || url.search || url.hash || url.username || url.password) return null
  // `robodeck://run/a/b` puts `run` in the host and `/a/b` in the path.
  const segments = url.pathname.split('/').slice(1)
  if (segments.length !== 2) return null
  let ids: string[]
  try {
    ids = segments.map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
  const [connectionId, second] = ids as [string, string]
  if (!SAFE_ID.test(connectionId) || !SAFE_ID.test(second)) return null
  if (url.host === 'run') return { kind: 'run', connectionId, runId: second }
  if (url.host === 'launch')
    return { kind: 'launch', connectionId, processId: second, needsConfirmation: true }
  return null
}

/** The link that opens a run (what a notification carries). */
export const runLink = (connectionId: string, runId: string) =>
  `robodeck://run/${encodeURIComponent(connectionId)}/${encodeURIComponent(runId)}`
