/**
 * The bridge contract's processes and runs: listing and launching processes, the runs feed, and one
 * run's detail (steps, console, work items, artifacts, stopping it).
 */
import { z } from 'zod'
import { id } from './bridge-fields'
import { JsonValue, ProcessListResult, RunListResult } from './domain'
import {
  ArtifactContent,
  ArtifactRef,
  ArtifactSummary,
  ConsolePage,
  RunDetail,
  RunRef,
  RunWorkItems,
  StepRunRef,
  StopRunRequest,
} from './run-detail'

export const processCommands = {
  /** Processes of one connection, or of every connection when connectionId is absent. */
  list: {
    request: z.object({ connectionId: id.optional() }).strict(),
    response: ProcessListResult,
  },
  /** Starts a run of a process with an optional JSON payload as its input work item. */
  launch: {
    request: z.object({ connectionId: id, processId: id, payload: JsonValue.optional() }).strict(),
    response: z.object({ runId: z.string() }),
  },
} as const

export const runCommands = {
  /**
   * The newest runs of one connection, or of every connection, newest first: at least `limit` of
   * each connection that has them; `cursor` (a previous answer's `next`) continues with older ones.
   */
  list: {
    request: z
      .object({
        connectionId: id.optional(),
        limit: z.number().int().min(1).max(500).optional(),
        cursor: z.string().max(20_000).optional(),
      })
      .strict(),
    response: RunListResult,
  },
  // --- run detail: one run's steps, console, work items, artifacts, and stopping it ---
  /** The run with its step runs and, for cloud workspaces, its page in Control Room's web UI. */
  get: { request: RunRef, response: RunDetail },
  /** A step run's console, oldest first; with `resume`, only the lines after the last read. */
  console: {
    request: StepRunRef.extend({ resume: z.string().max(4000).optional() }).strict(),
    response: ConsolePage,
  },
  /** The run's work items (each step's inputs) and its outputs. */
  workItems: { request: RunRef, response: RunWorkItems },
  /** Every artifact of every step run of the run. */
  artifacts: { request: RunRef, response: z.array(ArtifactSummary) },
  /** An artifact's bytes, read by main (the download link never leaves it), capped by purpose. */
  artifact: { request: ArtifactRef, response: ArtifactContent },
  /** Stops the run with Control Room's two options. */
  stop: { request: StopRunRequest, response: z.object({ accepted: z.boolean() }) },
  // --- end of run detail ---
} as const
