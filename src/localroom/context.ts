/** What route modules get from the room they belong to (one per room: no module-level state). */
import type { DatabaseSync } from 'node:sqlite'
import type { Runner } from './runner'

export interface RoomContext {
  db: DatabaseSync
  runner: Runner
  /** The room's workspace (the one its bootstrap key is bound to). */
  workspaceId: string
  /** http://host:port the room listens on; set once listening. Used when a request's Host is unusable. */
  origin: string
  log: (line: string) => void
}

/** Where the API lives under the origin. */
export const API_PREFIX = '/api/v1'
