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
