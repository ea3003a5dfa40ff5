/**
 * The Robots section's commands and process create/delete (room.robots, room.importRobot,
 * room.deleteRobot, room.createProcess, room.deleteProcess) through the core's dispatcher, against
 * a real local Control Room (spawned): a robot folder and a robot zip imported, a bad zip refused
 * with the room's reason, a process made on the imported robot and seen by the runs feed's process
 * list, a robot in use and a process with a run in progress refused in the room's words, then both
 * deleted.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../../src/main/core/core'
import type { RoomProcess } from '../../../../src/shared/room-admin'
import type { RoomRobot } from '../../../../src/shared/room-robots'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../../../support/localroom'
import { GREETER_FILES, writeFiles, zipOf } from '../../../support/localroom-packages'
import { tempDir } from '../../../support/temp-dir'
import { commandsOf, createTestCore, whileRunning } from '../../../support/test-core'

let room: SpawnedLocalRoom
let core: Core
let dir: string
const local = { connectionId: 'local' }

beforeAll(async () => {
  room = await spawnLocalRoom()
  core = await createTestCore()
  await core.connectLocalRoom(room.bootstrap)
  dir = await tempDir()
})

afterAll(async () => {
  await core?.close()
  await room?.stop()
})

const { ok, failure } = commandsOf(() => core)

const robots = () => ok<RoomRobot[]>('room.robots', local)
const robotNames = async () => (await robots()).map((robot) => robot.name)

describe('room.robots', () => {
  it('lists the bundled samples with their tasks and the processes using them', async () => {
    const listed = await robots()
    expect(listed.map((robot) => robot.name)).toEqual([
      'echo-payload',
      'sales-report',
      'flaky-items',
      'long-job',
    ])
    expect(listed[0]).toEqual({
      id: expect.any(String),
      name: 'echo-payload',
      source: 'bundled',
      tasks: [{ name: 'Echo payload', runnable: true }],
      problem: null,
      size: null,
      usedBy: ['Echo payload'],
      createdAt: expect.any(String),
    })
  })

  it('refuses a connection that is not the local room', async () => {
    expect((await failure('room.robots', { connectionId: 'nope' })).code).toBe('unknown_connection')
  })
})

describe('importing, using and deleting robots', () => {
  let folderRobot: RoomRobot
  let zipRobot: RoomRobot
  let process: RoomProcess

  it('imports a robot folder, copied into the room', async () => {
    const source = join(dir, 'greeter')
    await writeFiles(source, GREETER_FILES)
    folderRobot = await ok<RoomRobot>('room.importRobot', { ...local, path: source })
    expect(folderRobot).toMatchObject({
      name: 'greeter',
      source: 'folder',
      tasks: [{ name: 'Greet', runnable: true }],
      problem: null,
      usedBy: [],
    })
    expect(await robotNames()).toContain('greeter')
  })

  it('imports a robot zip under the name given', async () => {
    const path = join(dir, 'greeter.zip')
    await writeFile(path, zipOf(GREETER_FILES, 'greeter/'))
    zipRobot = await ok<RoomRobot>('room.importRobot', { ...local, path, name: 'Zipped greeter' })
    expect(zipRobot).toMatchObject({
      name: 'Zipped greeter',
      source: 'package',
      tasks: [{ name: 'Greet', runnable: true }],
      size: Object.values(GREETER_FILES).reduce((n, text) => n + text.length, 0),
    })
  })

  it.each([
    [
      'a zip with an entry escaping the folder',
      async () => {
        const path = join(dir, 'slip.zip')
        await writeFile(
          path,
          zipOf({ 'robot.yaml': 'tasks:\n  Run:\n    shell: node r.mjs\n', '../evil.txt': 'x' }),
        )
        return path
      },
      'The local Control Room refused the robot: Invalid robot package: Zip entry "../evil.txt" escapes the robot folder ("..").',
    ],
    [
      'a zip without robot.yaml',
      async () => {
        const path = join(dir, 'empty.zip')
        await writeFile(path, zipOf({ 'run.mjs': '' }))
        return path
      },
      'The local Control Room refused the robot: Invalid robot package: The package has no robot.yaml (at its root or inside a single top-level folder).',
    ],
    [
      'a file that is not a zip',
      async () => {
        const path = join(dir, 'notes.zip')
        await writeFile(path, 'not a zip')
        return path
      },
      'The local Control Room refused the robot: Invalid robot package: The package is not a zip file.',
    ],
    [
      'a relative path',
      async () => 'robots/greeter',
      'The local Control Room refused the robot: Path: must be an absolute path.',
    ],
    [
      'a path that is nothing',
      async () => '/nonexistent/robodeck-robot',
      'The local Control Room refused the robot: Path: not a folder or a zip file: /nonexistent/robodeck-robot.',
    ],
  ])('refuses %s with the room’s reason, and adds nothing', async (_, path, message) => {
    const before = await robotNames()
    const error = await failure('room.importRobot', { ...local, path: await path() })
    expect(error).toEqual({ code: 'invalid_robot', message, status: 400 })
    expect(await robotNames()).toEqual(before)
  })

  it('creates a process on the imported robots; the runs feed’s process list has it', async () => {
    process = await ok<RoomProcess>('room.createProcess', {
      ...local,
      name: 'Greet twice',
      steps: [
        { robotId: folderRobot.id, task: 'Greet' },
        { robotId: zipRobot.id, task: 'Greet' },
      ],
    })
    expect(process).toMatchObject({
      name: 'Greet twice',
      steps: [
        { name: 'Greet', robotName: 'greeter', task: 'Greet', waitForPrevious: true, parallelExecutions: 1 },
        { name: 'Greet', robotName: 'Zipped greeter', task: 'Greet', waitForPrevious: true },
      ],
    })
    const editor = await ok<RoomProcess[]>('room.processes', local)
    expect(editor.map((p) => p.name)).toContain('Greet twice')
    const feed = await ok<{ processes: { id: string; name: string }[] }>('processes.list', local)
    expect(feed.processes.find((p) => p.id === process.id)?.name).toBe('Greet twice')
    expect((await robots()).find((robot) => robot.id === zipRobot.id)?.usedBy).toEqual(['Greet twice'])
  })

  it.each([
    [
      'a task the robot does not have',
      () => [{ robotId: folderRobot.id, task: 'Nope' }],
      'The local Control Room refused the process: Step 1: robot greeter: the robot has no task "Nope" (tasks: Greet).',
    ],
    [
      'a robot the room does not have (second step)',
      () => [
        { robotId: folderRobot.id, task: 'Greet' },
        { robotId: 'no-such-robot', task: 'Greet' },
      ],
      'The local Control Room refused the process: Step 2: unknown robot no-such-robot.',
    ],
  ])('refuses a process with %s, naming the step', async (_, steps, message) => {
    const error = await failure('room.createProcess', { ...local, name: 'Bad', steps: steps() })
    expect(error).toEqual({ code: 'invalid_process', message, status: 400 })
    expect((await ok<RoomProcess[]>('room.processes', local)).map((p) => p.name)).not.toContain('Bad')
  })

  it('refuses a process without steps or name before asking the room', async () => {
    expect((await failure('room.createProcess', { ...local, name: 'No steps', steps: [] })).code).toBe(
      'invalid_request',
    )
    expect(
      (await failure('room.createProcess', { ...local, name: ' ', steps: [{ robotId: 'x', task: 'y' }] }))
        .code,
    ).toBe('invalid_request')
  })

  it('refuses to delete a robot a process uses, in the room’s words', async () => {
    const error = await failure('room.deleteRobot', { ...local, robotId: folderRobot.id })
    expect(error).toEqual({
      code: 'robot_in_use',
      message: 'The robot is used by process "Greet twice"; remove those steps first.',
      status: 409,
    })
    expect(await robotNames()).toContain('greeter')
  })

  it('deletes the process, then the robots', async () => {
    expect(await ok('room.deleteProcess', { ...local, processId: process.id })).toEqual({ id: process.id })
    expect((await ok<RoomProcess[]>('room.processes', local)).map((p) => p.id)).not.toContain(process.id)
    const feed = await ok<{ processes: { id: string }[] }>('processes.list', local)
    expect(feed.processes.map((p) => p.id)).not.toContain(process.id)
    for (const robot of [folderRobot, zipRobot])
      expect(await ok('room.deleteRobot', { ...local, robotId: robot.id })).toEqual({ id: robot.id })
    expect(await robotNames()).toEqual(['echo-payload', 'sales-report', 'flaky-items', 'long-job'])
  })

  it('says when the robot or process is gone already', async () => {
    expect(await failure('room.deleteRobot', { ...local, robotId: folderRobot.id })).toEqual({
      code: 'not_found',
      message: 'The local Control Room has no such robot any more; reload the list.',
      status: 404,
    })
    expect(await failure('room.deleteProcess', { ...local, processId: process.id })).toEqual({
      code: 'not_found',
      message: 'The local Control Room has no such process any more; reload the list.',
      status: 404,
    })
  })
})

describe('room.deleteProcess while a run is in progress', () => {
  it('is refused in the room’s words, and the process stays', async () => {
    const longJob = (await ok<RoomProcess[]>('room.processes', local)).find((p) => p.name === 'Long job')
    if (!longJob) throw new Error('no Long job')
    await whileRunning(core, longJob.id, async () => {
      const error = await failure('room.deleteProcess', { ...local, processId: longJob.id })
      expect(error).toEqual({
        code: 'process_busy',
        message: 'The process has 1 run(s) in progress; delete it once they end (or stop them).',
        status: 409,
      })
      expect((await ok<RoomProcess[]>('room.processes', local)).map((p) => p.id)).toContain(longJob.id)
    })
  })
})
