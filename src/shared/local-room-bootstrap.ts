/**
 * The bootstrap line: the first line the local Control Room prints on stdout with
 * `--print-bootstrap`. It is the whole interface between the room and whoever started it (the
 * desktop app, web mode, a test harness, a developer's script): where the API is, which workspace,
 * a key to use it and, since schema 3, a user access credential for the management API. It lives in
 * src/shared so the core reads it without importing the room; the room writes it with this module.
 */
import { z } from 'zod'
import { CREDENTIAL_PATTERN } from './user-credential'

/** Where the room serves its interactive API documentation, on the API's origin. */
export const LOCAL_ROOM_DOCS_PATH = '/docs'

/** The room's documentation page for its API base (the bootstrap's `url`, a connection's apiUrl). */
export const localRoomDocsUrl = (apiUrl: string): string => new URL(LOCAL_ROOM_DOCS_PATH, apiUrl).href

export const Bootstrap = z.object({
  /** API v1 base, e.g. http://127.0.0.1:4123/api/v1 (no trailing slash). */
  url: z.string().url(),
  workspace_id: z.string().min(1),
  /** An API key with every permission, issued for this start (see docs/localroom.md). */
  api_key: z.string().min(1),
  /**
   * The owner's access credential `<id>:<96 hex>`, issued for this start, for the management API
   * and the token vendor (robocloud-hmac). Optional, so that a parser of an older line still works.
   */
  user_credential: z.string().regex(CREDENTIAL_PATTERN).optional(),
})
export type Bootstrap = z.infer<typeof Bootstrap>

/** The line the room prints: the bootstrap as one line of JSON (checked, so the room cannot drift). */
export function formatBootstrapLine(bootstrap: Bootstrap): string {
  return JSON.stringify(Bootstrap.parse(bootstrap))
}

/** Parses the bootstrap line, with an error that says what was wrong with it. */
export function parseBootstrapLine(line: string): Bootstrap {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    // The line's text is not repeated: a damaged bootstrap line may still hold part of a key.
    throw new Error(`local Control Room bootstrap line is not JSON (${line.length} characters)`)
  }
  const parsed = Bootstrap.safeParse(json)
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')
    throw new Error(`local Control Room bootstrap line is missing or has invalid fields: ${fields}`)
  }
  return parsed.data
}
