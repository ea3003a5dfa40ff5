/**
 * The local room's robots and processes as Control Room's web UI manages them: robots listed,
 * imported from a path on this machine (a robot folder, copied, or a robot zip, unpacked: the room
 * checks either) and deleted; processes created from robots' tasks and deleted. Through the room's
 * management API as its owner (room-management.ts); local room only (room-admin.ts).
 */
import { z } from 'zod'
import type { RoomProcess } from '../../shared/room-admin'
import { ManagedRobot, type NewRoomStep, type RoomRobot } from '../../shared/room-robots'
import { apiError } from './controlroom-http'
import { CoreError } from './errors'
import { ManagedProcess, toRoomProcess } from './room-admin'
import { callManagement, managementPath, parseManagementAnswer, type RoomManagement } from './room-management'
import type { RoomAnswer } from './room-request'

/** An import copies or unpacks up to 500 MB and checks it: minutes, not the 5 s of a read. */
const IMPORT_TIMEOUT_MS = 180_000
/** The room checks every step's robot and task on a create. */
const EDIT_TIMEOUT_MS = 15_000

const RobotList = z.object({ data: z.array(ManagedRobot) })
const Deleted = z.object({ id: z.string() })

/** What a call was about, for the words of the room's refusals. */
type Subject = 'robot' | 'import' | 'process' | 'new-process'

/** Every robot of the room, oldest first (the bundled samples, then what was added). */
export async function listRoomRobots(room: RoomManagement): Promise<RoomRobot[]> {
  const answer = await callManagement(room, 'GET', managementPath(room, 'robots'))
  return parse(RobotList, answer, 'robot').data.map(toRoomRobot)
}

/** Imports a robot folder or zip at an absolute path of this machine; the robot as the room now has it. */
export async function importRoomRobot(room: RoomManagement, path: string, name?: string): Promise<RoomRobot> {
  const body = name === undefined ? { path } : { path, name }
  const answer = await callManagement(room, 'POST', managementPath(room, 'robots'), body, IMPORT_TIMEOUT_MS)
  return toRoomRobot(parse(ManagedRobot, answer, 'import'))
}

/** Deletes a robot; refused (robot_in_use) while a process step uses it. */
export async function deleteRoomRobot(room: RoomManagement, robotId: string): Promise<void> {
  parse(Deleted, await callManagement(room, 'DELETE', managementPath(room, 'robots', robotId)), 'robot')
}

/** Creates a process whose steps run the given robots' tasks with the room's default settings. */
export async function createRoomProcess(
  room: RoomManagement,
  name: string,
  steps: readonly NewRoomStep[],
): Promise<RoomProcess> {
  const body = { name, steps: steps.map((step) => ({ robot_id: step.robotId, task: step.task })) }
  const answer = await callManagement(room, 'POST', managementPath(room, 'processes'), body, EDIT_TIMEOUT_MS)
  return toRoomProcess(parse(ManagedProcess, answer, 'new-process'))
}

/** Deletes a process with its runs; refused (process_busy) while one of its runs has not ended. */
export async function deleteRoomProcess(room: RoomManagement, processId: string): Promise<void> {
  const answer = await callManagement(room, 'DELETE', managementPath(room, 'processes', processId))
  parse(Deleted, answer, 'process')
}

function toRoomRobot(robot: ManagedRobot): RoomRobot {
  return {
    id: robot.id,
    name: robot.name,
    source: robot.source,
    tasks: robot.tasks,
    problem: robot.problem,
    // null for a bundled sample: its files are the app's, and the room does not count them.
    size: robot.size,
    usedBy: robot.used_by,
    createdAt: robot.created_at,
  }
}

function parse<T>(schema: z.ZodType<T>, answer: RoomAnswer, subject: Subject): T {
  return parseManagementAnswer(schema, answer, (refused, message) => refusal(refused, message, subject))
}

/** The room's `Invalid request body field "steps.1.task": step 2: why` (http/validation.ts, processes.ts). */
const FIELD_MESSAGE = /^Invalid request body field "([^"]*)": (?:step \d+: )?(.*)$/s
const FIELD_NAMES: Record<string, string> = { path: 'Path', name: 'Name', steps: 'Steps' }

/** "Step 2" for steps.1.task, "Name" for name: where the room says the problem is. */
function fieldName(field: string): string {
  const step = /^steps\.(\d+)/.exec(field)
  if (step) return `Step ${Number(step[1]) + 1}`
  return FIELD_NAMES[field] ?? field
}

/** The room's message told in the window's words: which field, why; its own words otherwise. */
function said(message: string): string {
  const field = FIELD_MESSAGE.exec(message)
  const text = field ? `${fieldName(field[1] ?? '')}: ${field[2]}` : message
  return `${text.replace(/\.$/, '')}.`
}

const MISSING: Record<Subject, string> = {
  robot: 'The local Control Room has no such robot any more; reload the list.',
  import: 'The local Control Room has no such workspace.',
  process: 'The local Control Room has no such process any more; reload the list.',
  'new-process': 'The local Control Room has no such workspace.',
}

function refusal({ status, json }: RoomAnswer, message: string, subject: Subject): CoreError {
  if (status === 400 && subject === 'import')
    return new CoreError(
      'invalid_robot',
      `The local Control Room refused the robot: ${said(message)}`,
      status,
    )
  if (status === 400 && subject === 'new-process')
    return new CoreError(
      'invalid_process',
      `The local Control Room refused the process: ${said(message)}`,
      status,
    )
  if (status === 404) return new CoreError('not_found', MISSING[subject], status)
  if (status === 409 && subject === 'robot')
    return new CoreError('robot_in_use', said(message || 'A process uses the robot'), status)
  if (status === 409 && subject === 'process')
    return new CoreError('process_busy', said(message || 'A run of the process has not ended'), status)
  return apiError(status, json)
}
