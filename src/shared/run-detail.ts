/**
 * What the renderer sees of one run beyond its summary: step runs, console lines, work items and
 * artifacts, in the same camelCase, secret-free style as domain.ts. Which preview an artifact gets
 * is decided here once, by its name, for main (how to encode it) and the renderer (how to show it).
 */
import { z } from 'zod'
import { JsonValue, RunSummary } from './domain'
import type { Permission } from './permissions'

const id = z.string().min(1).max(200)

/** One run of one connection: how every run-detail command names it. */
export const RunRef = z.object({ connectionId: id, runId: id }).strict()
export const StepRunRef = z.object({ connectionId: id, stepRunId: id }).strict()

/** Step run states as Control Room API v1 names them. */
export const StepRunState = z.enum(['new', 'awaiting_worker', 'in_progress', 'completed', 'failed'])
export type StepRunState = z.infer<typeof StepRunState>

export const StepRunSummary = z.object({
  id: z.string(),
  stepId: z.string(),
  stepName: z.string(),
  state: StepRunState,
  stateUpdatedAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  duration: z.number().nullable(),
  /** Control Room's error code when the step failed. */
  errorCode: z.string().nullable(),
})
export type StepRunSummary = z.infer<typeof StepRunSummary>

export const RunDetail = z.object({
  run: RunSummary,
  stepRuns: z.array(StepRunSummary),
  /** The same run in Control Room's web UI (cloud workspaces only); null for the local room. */
  webUrl: z.string().nullable(),
})
export type RunDetail = z.infer<typeof RunDetail>

export const ConsoleLine = z.object({ timestamp: z.string(), message: z.string() })
export type ConsoleLine = z.infer<typeof ConsoleLine>

export const ConsolePage = z.object({
  /** Lines after the position `resume` was given for (all lines when none was), oldest first. */
  lines: z.array(ConsoleLine),
  /** Opaque: pass it back to get only the lines that arrive later. */
  resume: z.string().nullable(),
  /** True when the read stopped at its line cap; ask again with `resume` for the rest. */
  more: z.boolean(),
})
export type ConsolePage = z.infer<typeof ConsolePage>

const WorkItemFile = z.object({ id: z.string(), name: z.string(), size: z.number() })

export const WorkItemSummary = z.object({
  id: z.string(),
  state: z.string(),
  createdAt: z.string(),
  stepRunId: z.string().nullable(),
  exception: z.object({ code: z.string(), type: z.string(), message: z.string() }).nullable(),
  /** Undefined when it was not read (past the first items of a long list). */
  payload: JsonValue.nullable().optional(),
  files: z.array(WorkItemFile),
})
export type WorkItemSummary = z.infer<typeof WorkItemSummary>

export const RunOutput = z.object({
  id: z.string(),
  createdAt: z.string(),
  payload: JsonValue.nullable(),
  files: z.array(WorkItemFile),
})
export type RunOutput = z.infer<typeof RunOutput>

export const RunWorkItems = z.object({
  /** The run's work items, each step's inputs, oldest first. */
  items: z.array(WorkItemSummary),
  outputs: z.array(RunOutput),
})
export type RunWorkItems = z.infer<typeof RunWorkItems>

export const ArtifactSummary = z.object({
  id: z.string(),
  stepRunId: z.string(),
  name: z.string(),
  size: z.number(),
})
export type ArtifactSummary = z.infer<typeof ArtifactSummary>

/** How an artifact is previewed; `binary` is not previewed, only saved. */
export const ArtifactKind = z.enum(['text', 'json', 'csv', 'image', 'html', 'binary'])
export type ArtifactKind = z.infer<typeof ArtifactKind>

export const ArtifactRef = StepRunRef.extend({
  artifactId: id,
  /** `preview` reads at most ARTIFACT_PREVIEW_BYTES; `save` the whole file up to ARTIFACT_SAVE_BYTES. */
  purpose: z.enum(['preview', 'save']),
}).strict()

export const ArtifactContent = z.object({
  name: z.string(),
  size: z.number(),
  kind: ArtifactKind,
  mediaType: z.string(),
  /** utf8 for the text kinds, base64 for images and whole files being saved. */
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  /** True when only the first ARTIFACT_PREVIEW_BYTES were read (or an image was too large to show). */
  truncated: z.boolean(),
})
export type ArtifactContent = z.infer<typeof ArtifactContent>

/** Control Room's two stop options, as the spec's stopProcessRun body names them. */
export const StopRunRequest = RunRef.extend({
  setRemainingWorkItemsAsDone: z.boolean(),
  terminateOngoingActivityRuns: z.boolean(),
  reason: z.string().max(1000).optional(),
}).strict()

/** A preview reads at most this much of an artifact. */
export const ARTIFACT_PREVIEW_BYTES = 1024 * 1024
/** Save as goes through the bridge in one answer, so it is bounded too. */
export const ARTIFACT_SAVE_BYTES = 32 * 1024 * 1024

const KINDS: Record<string, { kind: ArtifactKind; mediaType: string }> = {
  txt: { kind: 'text', mediaType: 'text/plain' },
  log: { kind: 'text', mediaType: 'text/plain' },
  md: { kind: 'text', mediaType: 'text/markdown' },
  xml: { kind: 'text', mediaType: 'application/xml' },
  yaml: { kind: 'text', mediaType: 'application/yaml' },
  yml: { kind: 'text', mediaType: 'application/yaml' },
  json: { kind: 'json', mediaType: 'application/json' },
  csv: { kind: 'csv', mediaType: 'text/csv' },
  png: { kind: 'image', mediaType: 'image/png' },
  jpg: { kind: 'image', mediaType: 'image/jpeg' },
  jpeg: { kind: 'image', mediaType: 'image/jpeg' },
  gif: { kind: 'image', mediaType: 'image/gif' },
  webp: { kind: 'image', mediaType: 'image/webp' },
  html: { kind: 'html', mediaType: 'text/html' },
  htm: { kind: 'html', mediaType: 'text/html' },
}

/**
 * The preview an artifact gets, by its file name. SVG is deliberately `binary`: it can carry script,
 * and an <img> of it is the only safe way, which the bitmap formats already cover.
 */
export function artifactKind(name: string): { kind: ArtifactKind; mediaType: string } {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  return KINDS[extension] ?? { kind: 'binary', mediaType: 'application/octet-stream' }
}

/** What each part of the run detail needs the key to be allowed (the spec's permissions). */
export const RUN_DETAIL_PERMISSIONS = {
  stepRuns: 'Processes.read_processes',
  console: 'Processes.read_run_outputs',
  artifacts: 'Processes.read_run_outputs',
  workItems: 'Processes.read_work_items',
  stop: 'Processes.trigger_processes',
} as const satisfies Record<string, Permission>
