/**
 * The web mode token: it arrives once in the URL fragment (`#token=...`), is moved out of the
 * address bar at once (so it is not bookmarked, shared or left on screen) and kept in
 * sessionStorage so a reload of the same tab still works.
 */
import { webTokenFragmentKey } from '../../../shared/web-protocol'

export const TOKEN_STORAGE_KEY = 'robodeck.webToken'

/** The slices of `window` this needs, so it can be tested without a DOM. */
export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string }
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void }
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void } | undefined
}

/** Reads the token from the fragment (removing it there) or from the tab's session storage. */
export function takeWebToken(env: TokenEnvironment): string | undefined {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''))
  const fromUrl = params.get(webTokenFragmentKey)?.trim()
  if (fromUrl) {
    params.delete(webTokenFragmentKey)
    const rest = params.toString()
    env.history.replaceState(
      env.history.state,
      '',
      `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`,
    )
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromUrl)
    } catch {
      // Storage can be disabled; the token still works until the page is reloaded.
    }
    return fromUrl
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) || undefined
  } catch {
    return undefined
  }
}
