/**
 * What the watcher remembers between starts of the app: per connection, the state of every run it
 * last saw (the newest page and the active runs it follows by id) and the newest creation time it
 * has seen; and, bounded, which runs it already announced as started and as finished. Kept in a
 * small 0600 JSON file beside the settings (not in settings.json: it changes on every run, and is
 * not something a person sets). A missing or unreadable file means "first look": history, not news.
 */
import { readFileSync, renameSync } from 'node:fs'
import { z } from 'zod'
import { writePrivateFileSync } from '../../../platform/private-fs'
import { RunState } from '../../../shared/domain'

/** How many announced runs are remembered per kind: far more than one page of any workspace. */
export const NOTIFIED_MEMORY = 5_000

const ConnectionMemory = z.object({
  states: z.record(z.string(), RunState),
  /** Newest created_at seen on the connection (ms); an unseen run older than this is history. */
  newestCreatedMs: z.number(),
})
export type ConnectionMemory = z.infer<typeof ConnectionMemory>

const MemoryFile = z.object({
  version: z.literal(1),
  connections: z.record(z.string(), ConnectionMemory),
  started: z.array(z.string()),
  finished: z.array(z.string()),
})

export type NotifiedKind = 'started' | 'finished'

export interface WatchMemory {
  connection(connectionId: string): ConnectionMemory | undefined
  setConnection(connectionId: string, memory: ConnectionMemory): void
  forget(connectionId: string): void
  wasNotified(kind: NotifiedKind, key: string): boolean
  markNotified(kind: NotifiedKind, key: string): void
  /** Writes what changed since the last save (atomically: temp file, then rename). */
  save(): void
}

/** Bounded insertion-ordered set: a Set iterates oldest first, so the first entry goes first. */
export function boundedSet(values: string[] = [], limit = NOTIFIED_MEMORY) {
  const set = new Set(values.slice(-limit))
  return {
    has: (key: string) => set.has(key),
    add(key: string) {
      set.add(key)
      if (set.size > limit) set.delete(set.values().next().value as string)
    },
    values: () => [...set],
  }
}

/** The memory in `file`, or an in-memory one when file is undefined (tests, benches). */
export function openWatchMemory(file?: string): WatchMemory {
  const loaded = file ? readMemory(file) : undefined
  const connections = new Map(Object.entries(loaded?.connections ?? {}))
  const notified = {
    started: boundedSet(loaded?.started ?? []),
    finished: boundedSet(loaded?.finished ?? []),
  }
  let dirty = false
  return {
    connection: (id) => connections.get(id),
    setConnection(id, memory) {
      connections.set(id, memory)
      dirty = true
    },
    forget(id) {
      dirty = connections.delete(id) || dirty
    },
    wasNotified: (kind, key) => notified[kind].has(key),
    markNotified(kind, key) {
      notified[kind].add(key)
      dirty = true
    },
    save() {
      if (!file || !dirty) return
      const body: z.infer<typeof MemoryFile> = {
        version: 1,
        connections: Object.fromEntries(connections),
        started: notified.started.values(),
        finished: notified.finished.values(),
      }
      writePrivateFileSync(`${file}.tmp`, JSON.stringify(body))
      renameSync(`${file}.tmp`, file)
      dirty = false
    },
  }
}

function readMemory(file: string): z.infer<typeof MemoryFile> | undefined {
  try {
    const parsed = MemoryFile.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
