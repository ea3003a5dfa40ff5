import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { isRunEvent, type RunEvent } from '../../../../src/main/core/events'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../../../support/localroom'
import { tempDir } from '../../../support/temp-dir'

let room: SpawnedLocalRoom | undefined
let core: Core | undefined

afterEach(async () => {
  await core?.close()
  await room?.stop()
  core = undefined
  room = undefined
})

async function coreOnLocalRoom() {
  room = await spawnLocalRoom()
  const dir = await tempDir()
  core = createCore({
    dataDir: dir,
    cipher: createFileKeyCipher(join(dir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    pollIntervalMs: 100,
  })
  await core.connectLocalRoom(room.bootstrap)
  const events: RunEvent[] = []
  core.events.subscribe((event) => {
    if (isRunEvent(event)) events.push(event)
  })
  core.start()
  return { core, room, events }
}

const waitFor = async (check: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('core on a real local Control Room', () => {
  it('launches a run through the client and receives exactly one run.finished for it', async () => {
    const { core, events } = await coreOnLocalRoom()
    const { processes, failures } = await core.handlers.processes.list({})
    expect(failures).toEqual([])
    const echo = processes.find((process) => process.name === 'Echo payload')
    expect(echo).toBeDefined()

    const { runId } = await core.handlers.processes.launch({
      connectionId: 'local',
      processId: echo?.id as string,
      payload: { greeting: 'hello' },
    })
    await waitFor(() => events.some((e) => e.name === 'run.finished' && e.payload.id === runId))
    // Give the watcher several more polls to prove it does not announce the run again.
    await new Promise((resolve) => setTimeout(resolve, 500))

    const finished = events.flatMap((e) =>
      e.name === 'run.finished' && e.payload.id === runId ? [e.payload] : [],
    )
    expect(finished).toHaveLength(1)
    expect(finished[0]).toMatchObject({
      state: 'completed',
      processName: 'Echo payload',
      connectionId: 'local',
    })
    expect(finished[0]?.duration).toBeGreaterThanOrEqual(0)
    const states = events.flatMap((e) =>
      e.name === 'run.updated' && e.payload.id === runId ? [e.payload.state] : [],
    )
    expect(states.at(-1)).toBe('completed')

    const { runs } = await core.handlers.runs.list({})
    expect(runs[0]).toMatchObject({ id: runId, state: 'completed' })
  })

  it('keeps the key in the vault, shows only its suffix, and never puts it in an event', async () => {
    const { core, room, events } = await coreOnLocalRoom()
    const [connection] = await core.handlers.connections.list({})
    expect(connection).toMatchObject({ id: 'local', kind: 'local', apiUrl: room.bootstrap.url })
    expect(connection?.keySuffix).toBe(room.bootstrap.api_key.slice(-4))
    expect(JSON.stringify(connection)).not.toContain(room.bootstrap.api_key)
    // The owner's access credential is kept for the app, in the vault only.
    expect(room.bootstrap.user_credential).toMatch(/^\d+:[0-9a-f]{96}$/)
    expect(await core.connections.userCredential('local')).toBe(room.bootstrap.user_credential)
    expect(JSON.stringify(connection)).not.toContain(room.bootstrap.user_credential)

    const { processes } = await core.handlers.processes.list({ connectionId: 'local' })
    await core.handlers.processes.launch({ connectionId: 'local', processId: processes[0]?.id as string })
    await waitFor(() => events.some((e) => e.name === 'run.finished'))
    expect(JSON.stringify(events)).not.toContain(room.bootstrap.api_key)
  })

  it('reports a connection it cannot reach beside the others instead of failing the list', async () => {
    const { core, room } = await coreOnLocalRoom()
    await room.stop()
    const result = await core.handlers.runs.list({})
    expect(result.runs).toEqual([])
    expect(result.failures).toEqual([
      {
        connectionId: 'local',
        code: 'unreachable',
        message: expect.stringMatching(/^Cannot reach Control Room at/),
      },
    ])
    const launch = await core.dispatch('processes.launch', { connectionId: 'local', processId: 'x' })
    expect(launch).toMatchObject({ ok: false, error: { code: 'unreachable' } })
    const unknown = await core.dispatch('processes.launch', { connectionId: 'nope', processId: 'x' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_connection' } })
  })
})
