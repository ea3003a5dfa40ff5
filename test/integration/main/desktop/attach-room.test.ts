/**
 * The desktop app on finding its room folder held by a room that already runs (one left from an
 * earlier start, or one started from the command line): it connects to that room instead of
 * starting its own. `electron` is mocked: utilityProcess.fork runs the real built room
 * (out/main/localroom.js) as a child process, as Electron runs it as a utility process.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { CoreError } from '../../../../src/main/core/errors'
import { ATTACHED_KEY_NAME } from '../../../../src/main/core/running-room'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { signedRequest } from '../../../support/credential-client'
import { electronMock } from '../../../support/electron-mock'
import { callApi, spawnLocalRoom } from '../../../support/localroom'
import { tempDir } from '../../../support/temp-dir'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronMock)
const { startLocalRoomProcess } = await import('../../../../src/main/desktop/local-room-process')

const root = resolve(__dirname, '../../../..')
const mainDir = join(root, 'out/main')
const robotsDir = join(root, 'resources/robots')

const forked: ChildProcess[] = []
const cores: Core[] = []
const cleanups: (() => Promise<unknown>)[] = []

beforeEach(() => {
  electronMock.utilityProcess.fork.mockImplementation(
    (modulePath: string, args: string[], options: { env?: NodeJS.ProcessEnv }) => {
      const child = spawn(process.execPath, [modulePath, ...args], {
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      forked.push(child)
      // The robot host posts to the room; a plain child process has no parent port to receive it.
      return Object.assign(child, { postMessage: () => {} })
    },
  )
})

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
  await Promise.all(
    forked.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((done) => child.once('close', done))
      child.kill('SIGKILL')
      await exited
    }),
  )
  electronMock.utilityProcess.fork.mockReset()
})

/** An app start's core over userData, as src/main/index.ts creates it (with the file cipher). */
function appCore(userData: string): Core {
  const core = createCore({
    dataDir: userData,
    cipher: createFileKeyCipher(join(userData, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    mode: 'desktop',
    version: 'test',
  })
  cores.push(core)
  return core
}

/** A first app start: the app starts its room and keeps its key and credential in the vault. */
async function firstStart(userData: string) {
  const room = await startLocalRoomProcess({ mainDir, dataDir: join(userData, 'localroom'), robotsDir })
  if (!('bootstrap' in room)) throw new Error('the first start found a room already running')
  const core = appCore(userData)
  await core.connectLocalRoom(room.bootstrap)
  // The key is held in memory; the vault's copy, which a later start attaches with, is written behind.
  await core.connections.whenStored()
  return { room, bootstrap: room.bootstrap, child: forked[forked.length - 1] as ChildProcess }
}

const stopped = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done()
    child.once('close', () => done())
    child.kill('SIGTERM')
  })

// Each test starts two or three real room processes: generous on a loaded machine.
describe('desktop app: a room already holds its room folder', { timeout: 90_000 }, () => {
  it('connects to it with the key its vault already holds, and leaves that room running', async () => {
    const userData = await tempDir('robodeck-desktop-')
    const first = await firstStart(userData)

    const again = await startLocalRoomProcess({ mainDir, dataDir: join(userData, 'localroom'), robotsDir })
    expect(again.kind).toBe('running')
    if (again.kind !== 'running') return
    expect(again.room).toEqual({
      pid: first.child.pid,
      url: first.bootstrap.url,
      workspaceId: first.bootstrap.workspace_id,
    })
    const core = appCore(userData)
    await core.attachLocalRoom(again.room)
    const { processes, failures } = await core.handlers.processes.list({})
    expect(failures).toEqual([])
    expect(processes.map((process) => process.name)).toContain('Echo payload')
    expect(await core.connections.apiKey('local')).toBe(first.bootstrap.api_key)

    // The running room was not disturbed: same key, still running; quitting this app leaves it be.
    again.stop()
    const { url, workspace_id: ws, api_key: key } = first.bootstrap
    expect((await callApi(url, 'GET', `/workspaces/${ws}`, { key })).status).toBe(200)
    expect(first.child.exitCode).toBeNull()
  })

  it('makes a key with the owner credential from its vault when the room no longer accepts its key', async () => {
    const userData = await tempDir('robodeck-desktop-')
    const first = await firstStart(userData)
    const { url, workspace_id: ws, api_key: key, user_credential: credential } = first.bootstrap
    const origin = new URL(url).origin
    const keys = await signedRequest(
      origin,
      credential as string,
      'GET',
      `/management-v1/workspaces/${ws}/api-keys`,
    )
    const bootstrapKey = keys.body.data.find((entry: { bootstrap: boolean }) => entry.bootstrap)
    const deleted = await signedRequest(
      origin,
      credential as string,
      'DELETE',
      `/management-v1/workspaces/${ws}/api-keys/${bootstrapKey.id}`,
    )
    expect(deleted.status).toBe(200)
    expect((await callApi(url, 'GET', `/workspaces/${ws}`, { key })).status).toBe(401)

    const again = await startLocalRoomProcess({ mainDir, dataDir: join(userData, 'localroom'), robotsDir })
    if (again.kind !== 'running') throw new Error('expected the running room')
    const core = appCore(userData)
    await core.attachLocalRoom(again.room)
    const { failures } = await core.handlers.processes.list({})
    expect(failures).toEqual([])
    const newKey = await core.connections.apiKey('local')
    expect(newKey).not.toBe(key)
    const after = await signedRequest(
      origin,
      credential as string,
      'GET',
      `/management-v1/workspaces/${ws}/api-keys`,
    )
    expect(after.body.data.map((entry: { name: string }) => entry.name)).toContain(ATTACHED_KEY_NAME)
  })

  it('names the running room’s pid and URL when it accepts none of its keys', async () => {
    const userData = await tempDir('robodeck-desktop-')
    const first = await firstStart(userData)
    first.room.stop()
    await stopped(first.child)
    // Someone starts the room from the command line with a fresh key: the app's are revoked.
    const cli = await spawnLocalRoom({ dataDir: join(userData, 'localroom') })
    cleanups.push(() => cli.stop())

    const again = await startLocalRoomProcess({ mainDir, dataDir: join(userData, 'localroom'), robotsDir })
    if (again.kind !== 'running') throw new Error('expected the running room')
    const error = await appCore(userData)
      .attachLocalRoom(again.room)
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CoreError)
    expect(error).toMatchObject({ code: 'local_room_in_use' })
    expect((error as Error).message).toContain(`pid ${cli.child.pid}`)
    expect((error as Error).message).toContain(cli.bootstrap.url)
    expect((error as Error).message).not.toContain(cli.bootstrap.api_key)
  })
})
