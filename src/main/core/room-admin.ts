/**
 * The local room's process editor for the window: its processes with their steps and settings, and
 * one step's settings changed, through the room's management API as the room's owner. The room has
 * no route for one step: a change reads the process and sends its whole step list back with that
 * step's settings replaced (the room keeps every step's id, since position, robot and task stay).
 */
import { z } from 'zod'
import { ManagedStep, type RoomProcess, type StepSettings } from '../../shared/room-admin'
import { type Connections, LOCAL_CONNECTION_ID } from './connections'
import { apiError, isLoopback } from './controlroom-http'
import { CoreError } from './errors'
import { callManagement, managementPath, parseManagementAnswer, type RoomManagement } from './room-management'

/** The room validates the robots of every step on an edit: a little more time than a read. */
const EDIT_TIMEOUT_MS = 15_000

/** A process as the room's management API answers it (the fields the window shows). */
export const ManagedProcess = z.object({
  id: z.string(),
  name: z.string(),
  steps: z.array(ManagedStep),
  updated_at: z.string(),
})
type ManagedProcess = z.infer<typeof ManagedProcess>
const ManagedList = z.object({ data: z.array(ManagedProcess) })

/** Where the connection's room takes management calls; a CoreError when it is not the local room or has no credential. */
export async function localRoomManagement(
  connections: Connections,
  connectionId: string,
): Promise<RoomManagement> {
  const connection = connections.get(connectionId)
  if (connection.kind !== 'local' || connection.id !== LOCAL_CONNECTION_ID)
    throw new CoreError(
      'room_admin_unavailable',
      `“${connection.name}” is not the local Control Room: Robodeck manages processes, keys and credentials only in its own room.`,
    )
  const url = new URL(connection.apiUrl)
  // The owner's credential goes to this machine's room only.
  if (url.protocol !== 'http:' || !isLoopback(url))
    throw new CoreError('room_admin_unavailable', 'The local Control Room is not on this machine’s loopback.')
  const credential = await connections.userCredential(connectionId)
  if (!credential)
    throw new CoreError(
      'room_admin_unavailable',
      'Robodeck holds no owner credential for the local Control Room, so it cannot manage the room’s processes, keys or credentials.',
    )
  return { origin: url.origin, workspaceId: connection.workspaceId, credential }
}

/** Every process of the room, with its steps and their settings. */
export async function listRoomProcesses(room: RoomManagement): Promise<RoomProcess[]> {
  const answer = await callManagement(room, 'GET', managementPath(room, 'processes'))
  return parse(ManagedList, answer).data.map(toRoomProcess)
}

/**
 * Replaces one step's settings; answers the process as the room now has it. An edit made elsewhere
 * between this read and the write would be overwritten (the room has no conditional write): that
 * window is one round trip, where `shownUpdatedAt` covers the time the editor was open.
 */
export async function setStepSettings(
  room: RoomManagement,
  processId: string,
  stepId: string,
  settings: StepSettings,
  /** The process's updated_at as the editor showed it: a process changed since is not overwritten. */
  shownUpdatedAt?: string,
): Promise<RoomProcess> {
  const path = managementPath(room, 'processes', processId)
  const process = parse(ManagedProcess, await callManagement(room, 'GET', path))
  if (shownUpdatedAt !== undefined && shownUpdatedAt !== process.updated_at)
    throw new CoreError(
      'process_changed',
      `The process “${process.name}” was changed elsewhere since it was shown: reload it, then make the change again.`,
    )
  if (!process.steps.some((step) => step.id === stepId))
    throw new CoreError(
      'not_found',
      `The process “${process.name}” has no such step any more; reload it.`,
      404,
    )
  const steps = process.steps.map((step) => {
    const own = step.id === stepId
    return {
      robot_id: step.robot_id,
      ...(step.task === null ? {} : { task: step.task }),
      name: step.name,
      work_item_adapter: step.work_item_adapter,
      wait_for_previous: own ? settings.waitForPrevious : step.wait_for_previous,
      parallel_executions: own ? settings.parallelExecutions : step.parallel_executions,
      env: own ? settings.env : step.env,
    }
  })
  const answer = await callManagement(room, 'PATCH', path, { steps }, EDIT_TIMEOUT_MS)
  return toRoomProcess(parse(ManagedProcess, answer, process))
}

/** A process of the room in the window's shape. */
export function toRoomProcess(process: ManagedProcess): RoomProcess {
  return {
    id: process.id,
    name: process.name,
    updatedAt: process.updated_at,
    steps: process.steps.map((step) => ({
      id: step.id,
      name: step.name,
      robotName: step.robot_name,
      task: step.task,
      waitForPrevious: step.wait_for_previous,
      parallelExecutions: step.parallel_executions,
      env: step.env,
    })),
  }
}

/** The answer's body when it is a success in the expected shape; otherwise a CoreError a person can read. */
function parse<T>(
  schema: z.ZodType<T>,
  answer: { status: number; json: unknown },
  editing?: ManagedProcess,
): T {
  return parseManagementAnswer(schema, answer, (refused, message) => roomError(refused, message, editing))
}

/** The room's "Invalid request body field "steps.N.rest": why" (http/validation.ts, processes.ts). */
const FIELD_MESSAGE = /^Invalid request body field "steps\.(\d+)\.?([^"]*)": (?:step \d+: )?(.*)$/s
const FIELD_NAMES: Record<string, string> = {
  wait_for_previous: 'Wait for the previous step',
  parallel_executions: 'Parallel executions',
  env: 'Environment variables',
  robot_id: 'Robot',
  task: 'Task',
  name: 'Name',
}

/** A refusal by the room, told in the editor's words: which step, which setting, why. */
function roomError(
  answer: { status: number; json: unknown },
  message: string,
  editing?: ManagedProcess,
): CoreError {
  const { status } = answer
  if (status === 400) {
    const field = FIELD_MESSAGE.exec(message)
    if (!field)
      return new CoreError(
        'invalid_step_settings',
        `The local Control Room refused the settings: ${message || `HTTP ${status}`}`,
        status,
      )
    const [, index, rest = '', why] = field
    const step = editing?.steps[Number(index)]
    const where = `Step ${Number(index) + 1}${step ? ` “${step.name}”` : ''}`
    const [setting = '', variable] = rest.split(/\.(.*)/s)
    const what = variable ? `variable “${variable}”` : (FIELD_NAMES[setting] ?? setting)
    const reason = `${(why ?? '').replace(/\.$/, '')}.`
    return new CoreError('invalid_step_settings', `${where}: ${what ? `${what}: ` : ''}${reason}`, status)
  }
  if (status === 404)
    return new CoreError(
      'not_found',
      'The local Control Room has no such process any more; reload the list.',
      status,
    )
  if (status === 409) return new CoreError('process_busy', `${message || 'The process is busy.'}`, status)
  return apiError(status, answer.json)
}
