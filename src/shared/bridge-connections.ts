/**
 * The bridge contract's workspace connections (issue 10; src/main/core/connection-commands.ts): the
 * Control Room workspaces Robodeck watches, added with a key that goes to the vault and never comes
 * back, and how watching each one goes.
 */
import { z } from 'zod'
import { emptyRequest, id } from './bridge-fields'
import { ConnectionStatus, ConnectionSummary } from './domain'

export const connectionCommands = {
  /** Every configured workspace connection, with a masked key suffix. */
  list: { request: emptyRequest, response: z.array(ConnectionSummary) },
  /** Adds a Control Room workspace after checking the key reads it; the key goes to the vault. */
  add: {
    request: z
      .object({
        apiUrl: z.string().min(1).max(2000),
        workspaceId: id,
        apiKey: z.string().min(1).max(4000),
        name: z.string().max(200).optional(),
        production: z.boolean().optional(),
      })
      .strict(),
    response: ConnectionSummary,
  },
  rename: {
    request: z.object({ connectionId: id, name: z.string().trim().min(1).max(200) }).strict(),
    response: ConnectionSummary,
  },
  /** Marks a connection as production (or not). */
  setProduction: {
    request: z.object({ connectionId: id, production: z.boolean() }).strict(),
    response: ConnectionSummary,
  },
  /** Removes a connection with its key and credential. */
  remove: { request: z.object({ connectionId: id }).strict(), response: z.object({}) },
  /** Links a user access credential, verified by a signed request; answers with who it is. */
  linkCredential: {
    request: z.object({ connectionId: id, credential: z.string().min(1).max(4000) }).strict(),
    response: ConnectionSummary,
  },
  /**
   * Gives a cloud connection a new API key (its key needed again, rejected, or replaced), checked as
   * `add` checks one; a refused key changes nothing. Permissions become the ones found.
   */
  setKey: {
    request: z.object({ connectionId: id, apiKey: z.string().min(1).max(4000) }).strict(),
    response: ConnectionSummary,
  },
  /** How watching each connection goes: health and when its runs were last read. */
  status: { request: emptyRequest, response: z.array(ConnectionStatus) },
  /** Looks at every connection (or one) now instead of at its next tick. */
  refresh: { request: z.object({ connectionId: id.optional() }).strict(), response: z.object({}) },
} as const
