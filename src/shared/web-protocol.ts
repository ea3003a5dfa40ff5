/**
 * How web mode carries the bridge over HTTP: the same commands and events as the Electron IPC,
 * behind a random per-start token. The token reaches the page in the URL fragment (never sent to
 * the server, never logged); the page then sends it as a bearer header on every request.
 */

/** POST here with the command's request as JSON; the answer is a BridgeResult. */
export const webCommandPath = (name: string) => `/bridge/commands/${name}`

/** GET here for a text/event-stream of `event: <name>` / `data: <json>` messages. */
export const webEventsPath = '/bridge/events'

/** The fragment key that carries the token in the URL web mode prints: http://127.0.0.1:P/#token=T */
export const webTokenFragmentKey = 'token'

/** Header the token travels in. */
export const webAuthHeader = 'authorization'
export const webAuthScheme = 'Bearer'
