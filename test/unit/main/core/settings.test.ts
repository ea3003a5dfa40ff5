/** The settings store on real files (conf, as web mode uses it): defaults, validation, migration, set-aside. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { openSettings, type SettingsNotice } from '../../../../src/main/core/settings/settings'
import { tempDir } from '../../../support/temp-dir'

const connection = {
  id: 'prod',
  name: 'Production',
  kind: 'cloud' as const,
  apiUrl: 'https://cloud.robocorp.com/api/v1',
  workspaceId: 'ws-1',
  keySuffix: 'abcd',
  production: false,
  permissions: { granted: [], denied: [] },
  credentialUser: null,
}

function open(dir: string) {
  const notices: SettingsNotice[] = []
  const settings = openSettings(dir, openConfSettingsFile, (notice) => notices.push(notice))
  return { settings, notices }
}
const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
const setAside = (dir: string) =>
  readdirSync(dir).filter((name) => name.startsWith('settings.json.unusable-'))

describe('settings', () => {
  it('starts with versioned defaults in a file only its owner can read', async () => {
    const dir = await tempDir()
    const { settings, notices } = open(dir)
    expect(settings.get()).toEqual({
      version: 2,
      connections: [],
      notificationRules: [],
      favourites: [],
      presets: [],
      network: {},
      allowPlainTextSecrets: false,
      webhookInbox: { enabled: false, port: 8977 },
    })
    expect(onDisk(dir).version).toBe(2)
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
    expect(notices).toEqual([])
  })

  it('keeps what is saved across opens', async () => {
    const dir = await tempDir()
    open(dir).settings.update((s) => ({
      ...s,
      connections: [connection],
      favourites: [{ connectionId: 'prod', processId: 'p1', payload: { n: 1 } }],
      window: { x: 10, y: 20, width: 900, height: 700, maximized: true },
    }))
    const again = open(dir).settings.get()
    expect(again.connections).toEqual([connection])
    expect(again.favourites).toEqual([{ connectionId: 'prod', processId: 'p1', payload: { n: 1 } }])
    expect(again.window).toEqual({ x: 10, y: 20, width: 900, height: 700, maximized: true })
  })

  it('refuses a change the schema does not allow and writes nothing', async () => {
    const dir = await tempDir()
    const { settings } = open(dir)
    const before = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(() =>
      settings.update((s) => ({ ...s, connections: [{ ...connection, apiUrl: 'not a url' }] })),
    ).toThrow()
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before)
    expect(settings.get().connections).toEqual([])
  })

  it('hands out copies, so a caller cannot change the settings behind the store', async () => {
    const { settings } = open(await tempDir())
    settings.get().connections.push(connection)
    expect(settings.get().connections).toEqual([])
  })

  it.each([
    ['not JSON', '{"version": 1, "connections": [', /not valid JSON/],
    [
      'against the schema',
      JSON.stringify({ version: 1, connections: [{ id: 1 }] }),
      /schema \(connections\.0/,
    ],
    [
      'from a newer Robodeck',
      JSON.stringify({ version: 99, connections: [] }),
      /newer Robodeck \(settings version 99\)/,
    ],
  ])('sets a file %s aside, says so and starts with defaults', async (_case, content, message) => {
    const dir = await tempDir()
    await writeFile(join(dir, 'settings.json'), content)
    const { settings, notices } = open(dir)
    expect(settings.get().connections).toEqual([])
    expect(notices).toHaveLength(1)
    expect(notices[0]?.message).toMatch(message)
    const [aside] = setAside(dir)
    expect(notices[0]?.setAsideAt).toBe(join(dir, aside as string))
    expect(readFileSync(join(dir, aside as string), 'utf8')).toBe(content)
    expect(onDisk(dir).version).toBe(2)
  })

  it('migrates a version 1 file to version 2, keeping its connections and adding network defaults', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 1, connections: [connection] }))
    const { settings, notices } = open(dir)
    expect(notices).toEqual([])
    expect(settings.get()).toMatchObject({ version: 2, connections: [connection], network: {} })
    expect(onDisk(dir).version).toBe(2)
  })

  it('carries the connections of Robodeck 0.1 over from connections.json', async () => {
    const dir = await tempDir()
    await writeFile(
      join(dir, 'connections.json'),
      JSON.stringify({ connections: [connection, { id: 'broken' }] }),
    )
    const { settings, notices } = open(dir)
    expect(settings.get().connections).toEqual([connection])
    expect(notices).toEqual([])
    expect(onDisk(dir).connections).toEqual([connection])
  })

  it('fails loudly on an error that is not about the file (nothing set aside)', async () => {
    const dir = await tempDir()
    const broken = vi.fn(() => {
      throw new Error('EACCES: permission denied')
    })
    expect(() => openSettings(dir, broken, () => {})).toThrow(/EACCES/)
    expect(existsSync(join(dir, 'settings.json'))).toBe(false)
  })
})
