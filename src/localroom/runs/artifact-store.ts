/**
 * Step run artifacts: the files a robot left in its artifacts dir, recorded when the step ends so
 * that their ids stay stable, and served only from inside the data dir.
 */
import { randomUUID } from 'node:crypto'
import { lstat, readdir } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, run, selectAll, selectOne, transaction } from '../db/db'

export interface ArtifactRow {
  seq: number
  id: string
  step_run_id: string
  name: string
  size: number
  /** Relative to the data dir. */
  path: string
}

/** Most files recorded per step run (a robot writing thousands of files should not flood the table). */
const MAX_ARTIFACTS = 1000

/** Whether an artifact name is a plain relative path (no `..`, not absolute). */
export function isSafeArtifactName(name: string): boolean {
  if (name === '' || isAbsolute(name) || /^[A-Za-z]:/.test(name)) return false
  return !name.split(/[\\/]/).some((part) => part === '..' || part === '')
}

/** Lists regular files under dir (symlinks skipped: they could point outside the working copy). */
async function walk(dir: string, root: string, found: { name: string; size: number; full: string }[]) {
  let entries: import('node:fs').Dirent[]
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (found.length >= MAX_ARTIFACTS) return
    const full = join(dir, entry.name)
    if (entry.isDirectory()) await walk(full, root, found)
    else if (entry.isFile()) {
      const info = await lstat(full)
      found.push({ name: relative(root, full).split(sep).join('/'), size: info.size, full })
    }
  }
}

/** Records the files of a step's artifacts dir (absolute path) as its artifacts. */
export async function recordArtifacts(
  db: DatabaseSync,
  input: { stepRunId: string; artifactsDir: string; dataDir: string },
): Promise<number> {
  const found: { name: string; size: number; full: string }[] = []
  await walk(input.artifactsDir, input.artifactsDir, found)
  const safe = found.filter((file) => isSafeArtifactName(file.name))
  const now = nowIso()
  transaction(db, () => {
    for (const file of safe) {
      run(
        db,
        'INSERT INTO step_run_artifacts (id, step_run_id, name, size, path, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        randomUUID(),
        input.stepRunId,
        file.name,
        file.size,
        relative(input.dataDir, file.full),
        now,
      )
    }
  })
  return safe.length
}

const COLUMNS = 'seq, id, step_run_id, name, size, path'

/** One page of a step run's artifacts, newest first. */
export function listArtifacts(
  db: DatabaseSync,
  stepRunId: string,
  beforeSeq: number | undefined,
  limit: number,
): ArtifactRow[] {
  return selectAll<ArtifactRow>(
    db,
    `SELECT ${COLUMNS} FROM step_run_artifacts WHERE step_run_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    stepRunId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}

/** One artifact by id (optionally of a given step run). */
export function getArtifact(db: DatabaseSync, id: string, stepRunId?: string): ArtifactRow | undefined {
  const row = selectOne<ArtifactRow>(db, `SELECT ${COLUMNS} FROM step_run_artifacts WHERE id = ?`, id)
  return row && (stepRunId === undefined || row.step_run_id === stepRunId) ? row : undefined
}

/** The absolute file of an artifact, or null if its stored path would leave the data dir. */
export function artifactFile(dataDir: string, row: ArtifactRow): string | null {
  if (!isSafeArtifactName(row.path)) return null
  return join(dataDir, row.path)
}
