/**
 * First-start content: the local workspace and the sample processes, each one step on a bundled
 * sample robot. Samples are seeded by folder name: a folder missing from the robots dir is reported
 * when the process runs, not here. Each sample is seeded into a workspace at most once (recorded in
 * seeded_samples), so a data dir from an older build gains the samples it lacks, and a sample the
 * user deleted does not come back.
 */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { createProcess, DEFAULT_STEP_CONFIG } from '../processes/process-store'
import { ensureBundledRobot } from '../robot/robot-store'
import { nowIso, run, selectOne, transaction } from './db'

export const LOCAL_WORKSPACE_NAME = 'Local workspace'
export const LOCAL_ORGANIZATION_NAME = 'Local'

/** A sample process: its name, and the folder (under the robots dir) and task of its one step. */
export interface SampleProcess {
  name: string
  folder: string
  task: string
}

/**
 * The local workspace's sample processes, in the order a fresh room lists them. "Echo payload"
 * comes first because it was the only sample before: an upgraded data dir lists the same order.
 */
export const SAMPLE_PROCESSES: readonly SampleProcess[] = [
  { name: 'Echo payload', folder: 'echo-payload', task: 'Echo payload' },
  { name: 'Sales report', folder: 'sales-report', task: 'Sales report' },
  { name: 'Flaky items', folder: 'flaky-items', task: 'Flaky items' },
  { name: 'Long job', folder: 'long-job', task: 'Long job' },
]

/** The first sample robot (kept for callers from before the other samples). */
export const SAMPLE_PROCESS_NAME = 'Echo payload'
export const SAMPLE_ROBOT = { folder: 'echo-payload', task: 'Echo payload' } as const

/** Creates the room's workspace if there is none and seeds the samples it has not had; returns its id (the oldest one). */
export function seedIfEmpty(db: DatabaseSync): string {
  return transaction(db, () => {
    const existing = selectOne<{ id: string }>(
      db,
      'SELECT id FROM workspaces ORDER BY created_at, rowid LIMIT 1',
    )
    const workspaceId = existing?.id ?? createWorkspace(db)
    seedSamples(db, workspaceId)
    return workspaceId
  })
}

function createWorkspace(db: DatabaseSync): string {
  const workspaceId = randomUUID()
  run(
    db,
    'INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, ?, ?, ?, ?)',
    workspaceId,
    LOCAL_WORKSPACE_NAME,
    randomUUID(),
    LOCAL_ORGANIZATION_NAME,
    nowIso(),
  )
  return workspaceId
}

/** Seeds each sample the workspace has never had (inside the caller's transaction). */
function seedSamples(db: DatabaseSync, workspaceId: string): void {
  for (const sample of SAMPLE_PROCESSES) {
    const seeded = selectOne(
      db,
      'SELECT 1 AS seeded FROM seeded_samples WHERE workspace_id = ? AND sample = ?',
      workspaceId,
      sample.name,
    )
    if (seeded) continue
    // A data dir from before seeded_samples already has "Echo payload": record it, do not add a twin.
    const present = selectOne(
      db,
      'SELECT 1 AS present FROM processes WHERE workspace_id = ? AND name = ?',
      workspaceId,
      sample.name,
    )
    if (!present) {
      const robot = ensureBundledRobot(db, workspaceId, sample.folder)
      createProcess(
        db,
        {
          workspaceId,
          name: sample.name,
          // The samples are dependency-free Node scripts that read and write the file contract
          // (docs/localroom.md, "Sample robots"); robots of users get the robot-side API.
          steps: [
            {
              name: sample.task,
              robot,
              task: sample.task,
              config: { ...DEFAULT_STEP_CONFIG, workItemAdapter: 'file' },
            },
          ],
          defaultPayload: null,
          timeoutSeconds: null,
        },
        true,
      )
    }
    run(
      db,
      'INSERT INTO seeded_samples (workspace_id, sample, seeded_at) VALUES (?, ?, ?)',
      workspaceId,
      sample.name,
      nowIso(),
    )
  }
}
