/**
 * The run-detail commands: one run's step runs, console, work items and artifacts, and stopping it.
 * Every read teaches the connection whether its key holds the permission the read needs (granted on
 * success, denied on a 403 naming it), so the window can disable what the key cannot do. Artifact
 * bytes are fetched here: the signed download link never reaches the renderer.
 */
import type { CommandHandlers } from '../../shared/bridge'
import type { JsonValue } from '../../shared/domain'
import {
  ARTIFACT_PREVIEW_BYTES,
  ARTIFACT_SAVE_BYTES,
  type ArtifactContent,
  artifactKind,
  RUN_DETAIL_PERMISSIONS,
  type StepRunSummary,
} from '../../shared/run-detail'
import type { CommandDeps } from './commands'
import { learnFromWrite } from './connection-admin'
import type { ConsolePosition } from './controlroom-client'
import type { ApiStepRun, ApiWorkItem, ApiWorkItemListed } from './controlroom-schemas'
import { CoreError } from './errors'
import { toRunSummary } from './runs'

type RunDetailHandlers = Pick<
  CommandHandlers['runs'],
  'get' | 'console' | 'workItems' | 'artifacts' | 'artifact' | 'stop'
>

/** Lines one console read returns at most; the renderer asks again with `resume` for more. */
const CONSOLE_LINES_PER_READ = 5000
/** Work items listed per run, and how many of them are read with their payload. */
const WORK_ITEMS_LISTED = 500
const WORK_ITEM_PAYLOADS_READ = 20

/** Builds the run-detail handlers over the core's parts. */
export function createRunDetailHandlers(deps: CommandDeps): RunDetailHandlers {
  /** Runs a Control Room call that needs `permission`, remembering what it taught about the key. */
  async function withPermission<T>(connectionId: string, permission: string, read: () => Promise<T>) {
    deps.connections.get(connectionId)
    try {
      const result = await read()
      learnFromWrite(deps.connections, connectionId, permission)
      return result
    } catch (error) {
      learnFromWrite(deps.connections, connectionId, permission, error)
      throw error
    }
  }

  return {
    async get({ connectionId, runId }) {
      const client = deps.client(connectionId)
      const [run, stepRuns] = await withPermission(connectionId, RUN_DETAIL_PERMISSIONS.stepRuns, () =>
        Promise.all([client.getRun(runId), client.listStepRuns(runId)]),
      )
      const connection = deps.connections.get(connectionId)
      return {
        run: toRunSummary(connectionId, run),
        stepRuns: stepRuns.map(toStepRunSummary),
        webUrl: controlRoomRunUrl(connection, run.process.id, run.id),
      }
    },

    async console({ connectionId, stepRunId, resume }) {
      const from = resume === undefined ? { pageQuery: '', seen: 0 } : parseResume(resume)
      const read = await withPermission(connectionId, RUN_DETAIL_PERMISSIONS.console, () =>
        deps.client(connectionId).readConsole(stepRunId, from, CONSOLE_LINES_PER_READ),
      )
      return { lines: read.lines, resume: formatResume(read.position), more: read.more }
    },

    async workItems({ connectionId, runId }) {
      const client = deps.client(connectionId)
      return withPermission(connectionId, RUN_DETAIL_PERMISSIONS.workItems, async () => {
        const [listed, outputs] = await Promise.all([
          client.listWorkItems(runId, WORK_ITEMS_LISTED),
          client.listRunOutputs(runId, WORK_ITEMS_LISTED),
        ])
        const oldestFirst = [...listed].sort((a, b) => a.created_at.localeCompare(b.created_at))
        const detailed = await Promise.all(
          oldestFirst.slice(0, WORK_ITEM_PAYLOADS_READ).map((item) => client.getWorkItem(item.id)),
        )
        return {
          items: oldestFirst.map((item, index) => toWorkItemSummary(item, detailed[index])),
          outputs: outputs.map((output) => ({
            id: output.id,
            createdAt: output.created_at,
            payload: (output.payload ?? null) as JsonValue | null,
            files: output.files,
          })),
        }
      })
    },

    async artifacts({ connectionId, runId }) {
      const client = deps.client(connectionId)
      return withPermission(connectionId, RUN_DETAIL_PERMISSIONS.artifacts, async () => {
        const stepRuns = await client.listStepRuns(runId)
        const lists = await Promise.all(
          stepRuns.map(async (stepRun) =>
            (await client.listArtifacts(stepRun.id)).map((artifact) => ({
              ...artifact,
              stepRunId: stepRun.id,
            })),
          ),
        )
        return lists.flat()
      })
    },

    async artifact({ connectionId, stepRunId, artifactId, purpose }): Promise<ArtifactContent> {
      const client = deps.client(connectionId)
      return withPermission(connectionId, RUN_DETAIL_PERMISSIONS.artifacts, async () => {
        const cap = purpose === 'save' ? ARTIFACT_SAVE_BYTES : ARTIFACT_PREVIEW_BYTES
        const file = await client.downloadArtifact(stepRunId, artifactId, cap)
        const { kind, mediaType } = artifactKind(file.name)
        const textual = purpose === 'preview' && kind !== 'image' && kind !== 'binary'
        // A cut image shows nothing useful, and a binary file has no preview: send no bytes for them.
        const withheld = purpose === 'preview' && (kind === 'binary' || (kind === 'image' && file.truncated))
        return {
          name: file.name,
          size: file.size,
          kind,
          mediaType,
          encoding: textual ? 'utf8' : 'base64',
          content: withheld ? '' : file.bytes.toString(textual ? 'utf8' : 'base64'),
          truncated: file.truncated,
        }
      })
    },

    async stop({ connectionId, runId, ...options }) {
      const accepted = await withPermission(connectionId, RUN_DETAIL_PERMISSIONS.stop, () =>
        deps.client(connectionId).stopRun(runId, options),
      )
      // The watcher looks at once, so the run's `stopping` and its end show without waiting a tick.
      deps.launched(connectionId, runId)
      return { accepted }
    },
  }
}

function toStepRunSummary(stepRun: ApiStepRun): StepRunSummary {
  return {
    id: stepRun.id,
    stepId: stepRun.step.id,
    stepName: stepRun.step.name,
    state: stepRun.state,
    stateUpdatedAt: stepRun.state_updated_at,
    startedAt: stepRun.started_at,
    endedAt: stepRun.ended_at,
    duration: stepRun.duration,
    errorCode: stepRun.error?.code ?? null,
  }
}

function toWorkItemSummary(item: ApiWorkItemListed, detail: ApiWorkItem | undefined) {
  return {
    id: item.id,
    state: item.state,
    createdAt: item.created_at,
    stepRunId: item.step_run?.id ?? null,
    exception: item.exception,
    ...(detail ? { payload: (detail.payload ?? null) as JsonValue | null } : {}),
    files: detail?.files ?? [],
  }
}

/** The console position as an opaque token for the renderer (it holds no secret: a page query). */
function formatResume(position: ConsolePosition): string {
  return Buffer.from(JSON.stringify([position.pageQuery, position.seen])).toString('base64url')
}

function parseResume(token: string): ConsolePosition {
  try {
    const [pageQuery, seen] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[]
    if (typeof pageQuery === 'string' && Number.isSafeInteger(seen) && (seen as number) >= 0)
      return { pageQuery, seen: seen as number }
  } catch {
    // Reported below.
  }
  throw new CoreError('invalid_request', 'The console position is not one Robodeck gave out.')
}

/**
 * The run's page in Control Room's web UI, for cloud workspaces: the UI is served from the API's
 * host without `/api/v1` (docs/compatibility.md says what is assumed). The local room has no UI.
 */
export function controlRoomRunUrl(
  connection: { kind: string; apiUrl: string; workspaceId: string },
  processId: string,
  runId: string,
): string | null {
  if (connection.kind !== 'cloud') return null
  const origin = new URL(connection.apiUrl).origin
  const path = ['workspaces', connection.workspaceId, 'processes', processId, 'runs', runId]
  return `${origin}/${path.map(encodeURIComponent).join('/')}`
}
