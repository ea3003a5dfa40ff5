/**
 * The data folder on real folders: a choice takes effect at the next start (moved: copied,
 * checked, then removed from the old folder; or started empty there, the old data kept); a start
 * cut short after the check finishes the move; a chosen folder that cannot be used falls back to
 * the default with a notice and keeps the choice; picks that cannot work are refused in words.
 * And the guard: every name a real core writes in its data folder is one a move takes.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isDataEntry } from '../../../../src/main/core/data-folder/data-entries'
import { DATA_FOLDER_POINTER, openDataFolder } from '../../../../src/main/core/data-folder/data-folder'
import { tempDir } from '../../../support/temp-dir'
import { createTestCore } from '../../../support/test-core'

/** A default folder (Electron's userData) with some Robodeck data and a Chromium file beside it. */
async function userDataWithData() {
  const root = await tempDir()
  const userData = join(root, 'userData')
  await mkdir(join(userData, 'localroom', 'robots', 'echo'), { recursive: true })
  await writeFile(join(userData, 'settings.json'), '{"version":1}')
  await writeFile(join(userData, 'secrets.json'), '{"k":"sealed"}')
  await writeFile(join(userData, 'webhook-inbox.sqlite'), Buffer.from([1, 2, 3, 4]))
  await writeFile(join(userData, 'webhook-inbox.sqlite-wal'), Buffer.from([5, 6]))
  await writeFile(join(userData, 'localroom', 'localroom.sqlite'), Buffer.alloc(70_000, 7))
  await writeFile(join(userData, 'localroom', 'robots', 'echo', 'robot.yaml'), 'tasks: {}\n')
  await writeFile(join(userData, 'Local State'), 'chromium')
  const lines: string[] = []
  const open = () =>
    openDataFolder({
      defaultDir: userData,
      pointerFile: join(userData, DATA_FOLDER_POINTER),
      log: (line) => lines.push(line),
    })
  return { root, userData, lines, open }
}

const pointer = async (userData: string) =>
  JSON.parse(await readFile(join(userData, DATA_FOLDER_POINTER), 'utf8'))

describe('the data folder', () => {
  it('is the default folder until one is chosen, and a choice waits for the next start', async () => {
    const { root, userData, open } = await userDataWithData()
    const folder = await open()
    expect(folder.path).toBe(userData)
    expect(folder.state()).toEqual({ path: userData, defaultPath: userData, changeable: true })
    const elsewhere = join(root, 'elsewhere')
    await folder.choose({ path: elsewhere, move: true })
    expect(folder.path).toBe(userData)
    expect(folder.state().next).toEqual({ path: elsewhere, move: true })
    expect(existsSync(elsewhere)).toBe(false)
    // Changing one's mind: null keeps the folder in use.
    await folder.choose(null)
    expect(folder.state().next).toBeUndefined()
    expect(await pointer(userData)).toEqual({ version: 1 })
  })

  it('moves the data at the next start: every entry copied and checked, then gone from the old folder', async () => {
    const { root, userData, open, lines } = await userDataWithData()
    const target = join(root, 'new', 'Robodeck')
    await (await open()).choose({ path: target, move: true })

    const moved = await open()
    expect(moved.path).toBe(target)
    expect(moved.state().notice).toEqual({ level: 'info', message: `Your data was moved to ${target}.` })
    expect((await readdir(target)).sort()).toEqual([
      'localroom',
      'secrets.json',
      'settings.json',
      'webhook-inbox.sqlite',
      'webhook-inbox.sqlite-wal',
    ])
    expect(await readFile(join(target, 'localroom', 'localroom.sqlite'))).toEqual(Buffer.alloc(70_000, 7))
    expect(await readFile(join(target, 'localroom', 'robots', 'echo', 'robot.yaml'), 'utf8')).toBe(
      'tasks: {}\n',
    )
    // The old folder keeps what is not Robodeck's (Chromium's files) and the pointer, nothing else.
    expect((await readdir(userData)).sort()).toEqual(['Local State', DATA_FOLDER_POINTER])
    expect(await pointer(userData)).toEqual({ version: 1, path: target })
    expect(lines).toEqual([])

    // And the start after that simply uses it.
    const again = await open()
    expect(again.path).toBe(target)
    expect(again.state().notice).toBeUndefined()
  })

  it('starts empty in a folder chosen that way, and the old folder keeps its data', async () => {
    const { root, userData, open } = await userDataWithData()
    const target = join(root, 'empty')
    await (await open()).choose({ path: target, move: false })
    const started = await open()
    expect(started.path).toBe(target)
    expect(started.state().notice?.message).toBe(
      `Robodeck now keeps its data in ${target}. ${userData} keeps what it held.`,
    )
    expect(await readdir(target)).toEqual([])
    expect(existsSync(join(userData, 'settings.json'))).toBe(true)
    // Choosing the default again comes back to that data, as it is.
    expect(await started.check(userData)).toEqual({ path: userData, holdsData: true })
    await expect(started.choose({ path: userData, move: true })).rejects.toThrow(
      'already holds Robodeck data: it can be used as it is, but not moved into',
    )
    await started.choose({ path: userData, move: false })
    expect((await open()).path).toBe(userData)
  })

  it('finishes a move that a start cut short after the copy was checked', async () => {
    const { root, userData, open } = await userDataWithData()
    const target = join(root, 'target')
    await (await open()).choose({ path: target, move: true })
    // What a start cut short between the check and the renames leaves: the checked copy, half in place.
    await mkdir(join(target, '.robodeck-incoming', 'localroom'), { recursive: true })
    await writeFile(
      join(target, '.robodeck-incoming', 'localroom', 'localroom.sqlite'),
      Buffer.alloc(70_000, 7),
    )
    await writeFile(join(target, '.robodeck-incoming', 'secrets.json'), '{"k":"sealed"}')
    await writeFile(join(target, 'settings.json'), '{"version":1}')
    await writeFile(join(target, '.robodeck-incoming.checked'), 'checked')

    const finished = await open()
    expect(finished.path).toBe(target)
    expect((await readdir(target)).sort()).toEqual(['localroom', 'secrets.json', 'settings.json'])
    expect(existsSync(join(userData, 'settings.json'))).toBe(false)
  })

  it('does not move into a folder that has come to hold Robodeck data, and keeps the old data', async () => {
    const { root, userData, open, lines } = await userDataWithData()
    const target = join(root, 'target')
    await (await open()).choose({ path: target, move: true })
    await mkdir(target)
    await writeFile(join(target, 'settings.json'), '{"version":1,"theirs":true}')
    const kept = await open()
    expect(kept.path).toBe(userData)
    expect(kept.state().notice?.level).toBe('warning')
    expect(lines.join('\n')).toContain(`Robodeck could not move its data to ${target}`)
    expect(existsSync(join(userData, 'localroom', 'localroom.sqlite'))).toBe(true)
    expect(await readFile(join(target, 'settings.json'), 'utf8')).toContain('theirs')
    expect(await pointer(userData)).toEqual({ version: 1 })
  })

  it('falls back to the default when the chosen folder cannot be used, says so, and keeps the choice', async () => {
    const { root, userData, open, lines } = await userDataWithData()
    const drive = join(root, 'drive')
    await (await open()).choose({ path: drive, move: false })
    expect((await open()).path).toBe(drive)
    // The "drive" is now a file (a path that cannot be a folder, whoever runs the test).
    await writeFile(join(root, 'blocker'), '')
    const gone = join(root, 'blocker', 'Robodeck')
    await writeFile(join(userData, DATA_FOLDER_POINTER), JSON.stringify({ version: 1, path: gone }))
    const fellBack = await open()
    expect(fellBack.path).toBe(userData)
    expect(fellBack.state().notice?.level).toBe('warning')
    expect(fellBack.state().notice?.message).toContain(`The data folder ${gone} cannot be used`)
    expect(lines.at(-1)).toContain(`Robodeck started with the default folder ${userData} instead`)
    expect(await pointer(userData)).toEqual({ version: 1, path: gone })
  })

  it('refuses picks that cannot work, in words', async () => {
    const { root, userData, open } = await userDataWithData()
    const folder = await open()
    await writeFile(join(root, 'a-file'), '')
    await expect(folder.check(userData)).rejects.toThrow('Robodeck already keeps its data there')
    await expect(folder.check(join(userData, 'inner'))).rejects.toThrow('it is inside the data folder in use')
    await expect(folder.check(root)).rejects.toThrow('it contains the data folder in use')
    await expect(folder.check(join(root, 'a-file'))).rejects.toThrow('it is not a folder')
    await expect(folder.check(join(root, 'a-file', 'sub'))).rejects.toThrow(
      `${join(root, 'a-file')} is not a folder`,
    )
    await expect(folder.check(join(root, 'not-yet', 'there'))).resolves.toEqual({
      path: join(root, 'not-yet', 'there'),
      holdsData: false,
    })
  })

  it('reads an unreadable pointer as the default, with a notice', async () => {
    const { userData, open, lines } = await userDataWithData()
    await writeFile(join(userData, DATA_FOLDER_POINTER), '{not json')
    const folder = await open()
    expect(folder.path).toBe(userData)
    expect(folder.state().notice?.message).toContain('could not be read')
    expect(lines).toHaveLength(1)
  })
})

describe('what a move takes', () => {
  it('names every entry a real core writes in its data folder', async () => {
    const core = await createTestCore()
    const dir = core.handlers.app
    const info = await dir.info({})
    await core.connections.save({
      id: 'finance',
      name: 'Finance',
      kind: 'cloud',
      apiUrl: 'https://cr.example.com/api/v1',
      workspaceId: 'fin',
      apiKey: 'a-key-for-the-test',
    })
    core.settings.update((settings) => ({ ...settings, favourites: [] }))
    await core.dispatch('inbox.configure', { enabled: false })
    core.start()
    await core.close()
    const written = await readdir(info.dataDir as string)
    // The test core's key file is web mode's (its data folder is fixed by --data, never moved).
    const notMoved = written.filter((name) => !isDataEntry(name) && name !== 'secrets.key')
    expect(written).toContain('settings.json')
    expect(written).toContain('secrets.json')
    expect(notMoved).toEqual([])
  })
})
