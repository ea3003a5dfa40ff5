import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { isRunEvent, type RunEvent } from '../../../../src/main/core/events'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { waitFor } from '../../../support/localroom'
import { type RoomFixture, roomFixture } from '../../../support/room-fixture'
import { tempDir } from '../../../support/temp-dir'

let core: Core | undefined

afterEach(async () => {
  await core?.close()
  core = undefined
})

/** A core (web mode's composition) connected to the room, started, with the run events it emits. */
async function coreOnLocalRoom(room: RoomFixture) {
  const dir = await tempDir()
  core = createCore({
    dataDir: dir,
    cipher: createFileKeyCipher(join(dir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'web',
    version: 'test',
    pollIntervalMs: 100,
  })
  await core.connectLocalRoom(room.process.bootstrap)
  const events: RunEvent[] = []
  core.events.subscribe((event) => {
    if (isRunEvent(event)) events.push(event)
  })
  core.start()
  return { core, bootstrap: room.process.bootstrap, events }
}

describe('core on a real local Control Room', () => {
  const room = roomFixture({ mode: 'spawned' })

  it('launches a run through the client and receives exactly one run.finished for it', async () => {
    const { core, events } = await coreOnLocalRoom(room)
    const { processes, failures } = await core.handlers.processes.list({})
    expect(failures).toEqual([])
    const echo = processes.find((process) => process.name === 'Echo payload')
    expect(echo).toBeDefined()

    const { runId } = await core.handlers.processes.launch({
      connectionId: 'local',
      processId: echo?.id as string,
      payload: { greeting: 'hello' },
    })
    await waitFor(() => events.some((e) => e.name === 'run.finished' && e.payload.id === runId), {
      timeoutMs: 20_000,
    })
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
    const { core, bootstrap, events } = await coreOnLocalRoom(room)
    const [connection] = await core.handlers.connections.list({})
    expect(connection).toMatchObject({ id: 'local', kind: 'local', apiUrl: bootstrap.url })
    expect(connection?.keySuffix).toBe(bootstrap.api_key.slice(-4))
    expect(JSON.stringify(connection)).not.toContain(bootstrap.api_key)
    // The owner's access credential is kept for the app, in the vault only.
    expect(bootstrap.user_credential).toMatch(/^\d+:[0-9a-f]{96}$/)
    expect(await core.connections.userCredential('local')).toBe(bootstrap.user_credential)
    expect(JSON.stringify(connection)).not.toContain(bootstrap.user_credential)

    const { processes } = await core.handlers.processes.list({ connectionId: 'local' })
    await core.handlers.processes.launch({ connectionId: 'local', processId: processes[0]?.id as string })
    await waitFor(() => events.some((e) => e.name === 'run.finished'), { timeoutMs: 20_000 })
    expect(JSON.stringify(events)).not.toContain(bootstrap.api_key)
  })

  // Last: it stops the room.
  it('reports a connection it cannot reach beside the others instead of failing the list', async () => {
    const { core } = await coreOnLocalRoom(room)
    await room.close()
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
