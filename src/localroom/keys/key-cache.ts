/**
 * What a room remembers about its API keys between requests: the answers of recent key lookups
 * (valid until the database changes) and the key uses counted but not written yet. One per open
 * database (RoomDb.keys), so it is created, owned and closed with the room's connection.
 */
import type { ApiKeyRecord } from './keys'

/** Lookups kept before the cache starts over: a flood of unknown keys cannot grow it without bound. */
export const KEY_LOOKUPS_KEPT = 1000

export class KeyCache {
  /** Lookup answers by key hash, for the database's data version they were read at. */
  lookups: { version: string; records: Map<string, ApiKeyRecord | null> } | undefined
  /** Uses per key id, counted since the last write. */
  readonly uses = new Map<string, { count: number; at: string }>()
  /** The pending write of `uses`, if one is scheduled. */
  flushTimer: NodeJS.Timeout | undefined

  /** Cancels the scheduled write (the room writes what is pending itself before it closes). */
  close(): void {
    clearTimeout(this.flushTimer)
    this.flushTimer = undefined
  }
}
