/**
 * The contract between a local room and whoever finds its data dir held: the holder file a room
 * writes beside its lock (`<data>/localroom.holder.json`: its pid and URL) and the exit code of a
 * room refused a held data dir. The room writes and locks (src/localroom/storage/data-dir-lock.ts); the app
 * reads, to say who holds the dir or to connect to that room (src/main/core/running-room.ts).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

/** Who holds the lock: `{pid, url, workspace_id, started_at}`, written by the holder. */
export const HOLDER_FILE = 'localroom.holder.json'
/** Exit code of the room's CLI and of web mode when the data dir is in use by another room. */
export const DATA_DIR_IN_USE_EXIT_CODE = 3

// What a refusal prints comes from a file: keep it to printable ASCII, so it cannot play tricks on a terminal.
const Printable = z.string().regex(/^[\x21-\x7e]+$/)

export const LockHolder = z.object({
  pid: z.number().int().positive(),
  /** The room's API v1 base; null while it is starting (before it listens). */
  url: Printable.max(2000).pipe(z.string().url()).nullable(),
  workspace_id: Printable.max(200).nullable(),
  started_at: Printable.max(40),
})
export type LockHolder = z.infer<typeof LockHolder>

/** What the holder file says, or null when it is missing or not what a room writes. */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
