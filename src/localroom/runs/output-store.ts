/** Run outputs (what a run's last step wrote as output work items), as the API lists them. */
import type { DatabaseSync } from 'node:sqlite'
import { selectAll } from '../db/db'

export interface OutputRow {
  seq: number
  id: string
  process_run_id: string
  process_id: string
  payload: string
  created_at: string
}

/** One page of a run's outputs, newest first. */
export function listOutputs(
  db: DatabaseSync,
  processRunId: string,
  beforeSeq: number | undefined,
  limit: number,
): OutputRow[] {
  return selectAll<OutputRow>(
    db,
    `SELECT o.seq, o.id, o.process_run_id, r.process_id, o.payload, o.created_at
     FROM run_outputs o JOIN process_runs r ON r.id = o.process_run_id
     WHERE o.process_run_id = ? AND o.seq < ? ORDER BY o.seq DESC LIMIT ?`,
    processRunId,
    beforeSeq ?? Number.MAX_SAFE_INTEGER,
    limit,
  )
}

export interface OutputFile {
  id: string
  name: string
  size: number
}

/** The files of the given outputs (what the robot attached to its output items), by output id. */
export function outputFiles(db: DatabaseSync, outputIds: readonly string[]): Map<string, OutputFile[]> {
  const byOutput = new Map<string, OutputFile[]>()
  if (outputIds.length === 0) return byOutput
  // One query for the page: a json_each list keeps the statement text (and its cached plan) fixed.
  const rows = selectAll<OutputFile & { run_output_id: string }>(
    db,
    `SELECT f.id, f.name, f.size, f.run_output_id FROM run_output_files f
     WHERE f.run_output_id IN (SELECT value FROM json_each(?)) ORDER BY f.seq`,
    JSON.stringify(outputIds),
  )
  for (const { run_output_id: outputId, ...file } of rows) {
    const list = byOutput.get(outputId) ?? []
    list.push(file)
    byOutput.set(outputId, list)
  }
  return byOutput
}
