/**
 * Puts many finished runs straight into a stopped local room's database, as if they had run: how
 * the tests of a long feed get 10,000 runs in a second instead of running 10,000 robots. The room
 * must not be running (it holds its data dir), and must have started once (the schema, workspace
 * and sample processes exist).
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/** One run in five unresolved, the others completed (five states against four processes: the two vary apart). */
export const SEEDED_STATES = ['completed', 'completed', 'unresolved', 'completed', 'completed'] as const

/** Inserts `count` runs of the room's processes, oldest first, one a minute ending `endMs`. */
export function seedRuns(roomDataDir: string, count: number, endMs = Date.now() - 3_600_000): void {
  const db = new DatabaseSync(join(roomDataDir, 'localroom.sqlite'))
  try {
    const processes = db.prepare('SELECT id, workspace_id FROM processes ORDER BY rowid').all() as {
      id: string
      workspace_id: string
    }[]
    if (processes.length === 0) throw new Error('the room has no processes: start it once before seeding')
    const insert = db.prepare(
      `INSERT INTO process_runs (id, workspace_id, process_id, state, created_at, started_at, ended_at, duration, started_by_type)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    db.exec('BEGIN')
    for (let i = 0; i < count; i++) {
      const process = processes[i % processes.length] as (typeof processes)[number]
      const created = endMs - (count - i) * 60_000
      const duration = 1 + (i % 7)
      insert.run(
        randomUUID(),
        process.workspace_id,
        process.id,
        SEEDED_STATES[i % SEEDED_STATES.length] as string,
        new Date(created).toISOString(),
        new Date(created + 500).toISOString(),
        new Date(created + 500 + duration * 1000).toISOString(),
        duration,
        i % 3 === 0 ? 'schedule' : 'api',
      )
    }
    db.exec('COMMIT')
  } finally {
    db.close()
  }
}
