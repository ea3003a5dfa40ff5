/**
 * The renderer's Content-Security-Policy. index.html carries the same policy in a meta tag (for the
 * desktop app, which loads it from disk); web mode sends it as a header, where frame-ancestors also
 * works. A unit test checks the two agree.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** The header form adds what a meta tag cannot express. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`

/**
 * `npm run dev` only: Vite's dev server injects React Refresh's preamble as an inline script and
 * each stylesheet as an inline <style>, which the strict policy blocks (a blank window). Built pages,
 * packaged or not, never get this policy.
 */
export const DEV_SERVER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'unsafe-inline'",
).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

/** The header sent for the renderer's pages: the strict one unless serving from Vite's dev server. */
export function contentSecurityPolicyHeader(devServer: boolean): string {
  return devServer
    ? `${DEV_SERVER_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`
    : CONTENT_SECURITY_POLICY_HEADER
}
