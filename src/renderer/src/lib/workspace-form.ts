/**
 * The Workspaces page's forms: the check before a workspace is added (only what the window can know:
 * a field left empty, a URL that is no URL; https, the key and the workspace are the core's to
 * check), what to do about each error the core answers, and whether that error blames the secret.
 */
import { isBridgeError } from '../bridge'

/** What the cloud's API URL looks like: the placeholder, and the example in the hint. */
export const CLOUD_API_URL = 'https://cloud.robocorp.com/api/v1'

export interface NewWorkspaceFields {
  apiUrl: string
  workspaceId: string
  apiKey: string
}

export type NewWorkspaceProblems = Partial<Record<keyof NewWorkspaceFields, string>>

/** The problems to name beside their fields; none means the form may be sent. */
export function checkNewWorkspace(fields: NewWorkspaceFields): NewWorkspaceProblems {
  const problems: NewWorkspaceProblems = {}
  const apiUrl = fields.apiUrl.trim()
  if (!apiUrl) problems.apiUrl = 'Enter the API URL.'
  else if (!/^https?:\/\/[^/\s]+/i.test(apiUrl) || !URL.canParse(apiUrl))
    problems.apiUrl = `Not a URL: it starts with https://, e.g. ${CLOUD_API_URL}.`
  if (!fields.workspaceId.trim()) problems.workspaceId = 'Enter the workspace id.'
  if (!fields.apiKey) problems.apiKey = 'Enter the API key.'
  return problems
}

/** What to do about an error the core answered, for the codes a person can act on. */
const WHAT_TO_DO: Record<string, string> = {
  insecure_url: 'Use the https:// API URL; only this computer’s own addresses may use http:.',
  key_rejected: 'Check the key, or create a new one in Control Room (Integrations → API keys).',
  access_denied: 'Check the workspace id: the key may belong to another workspace.',
  not_found: 'Check the workspace id and the API URL.',
  missing_permission: 'Give the key that permission in Control Room, or use another key.',
  rate_limited: 'Wait a moment and try again.',
  tls_failed: 'Add your company’s CA file in the network settings.',
  proxy_failed: 'Check the proxy setting or HTTPS_PROXY.',
  unreachable: 'Check the URL and your network.',
  invalid_credential: 'Create a new access credential in Control Room (Settings → Access credentials).',
}

/** One line saying what to do about `error`, when there is something to say. */
export function whatToDo(error: unknown): string | undefined {
  return isBridgeError(error) ? WHAT_TO_DO[error.code] : undefined
}

/**
 * True when the error says the secret itself was wrong: the field is emptied then, since it must be
 * typed again anyway. After any other error (offline, a wrong URL) the secret is kept for a retry.
 */
export const secretWasRefused = (error: unknown): boolean =>
  isBridgeError(error) && (error.code === 'key_rejected' || error.code === 'invalid_credential')

/**
 * Runs `work` with the secret typed in `field` (an uncontrolled password input, so the secret is
 * never React state); empties the field once the work succeeded, or when the secret was refused.
 */
export async function withSecret<T>(
  field: HTMLInputElement | null,
  work: (secret: string) => Promise<T>,
): Promise<T> {
  try {
    const result = await work(field?.value ?? '')
    if (field) field.value = ''
    return result
  } catch (error) {
    if (field && secretWasRefused(error)) field.value = ''
    throw error
  }
}
