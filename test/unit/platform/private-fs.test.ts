/** The private file helpers: modes whatever the umask, links never followed, links to a data dir followed. */
import { lstat, mkdir, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { securePrivateDirSync, tightenTree, writePrivateFile } from '../../../src/platform/private-fs'
import { tempDir } from '../../support/temp-dir'

const modeOf = async (path: string) => (await lstat(path)).mode & 0o777

describe.skipIf(process.platform === 'win32')('private files and folders (POSIX)', () => {
  it('tightens a tree without following links out of it, keeping the owner’s execute bit', async () => {
    const dir = await tempDir()
    const outside = join(dir, 'outside.txt')
    await writeFile(outside, 'not ours', { mode: 0o644 })
    const tree = join(dir, 'tree')
    await mkdir(join(tree, 'sub'), { recursive: true, mode: 0o755 })
    await writeFile(join(tree, 'sub', 'data.json'), '{}', { mode: 0o664 })
    await writeFile(join(tree, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 })
    await symlink(outside, join(tree, 'link'))

    expect(await tightenTree(tree)).toBe(4)
    expect(await modeOf(tree)).toBe(0o700)
    expect(await modeOf(join(tree, 'sub'))).toBe(0o700)
    expect(await modeOf(join(tree, 'sub', 'data.json'))).toBe(0o600)
    expect(await modeOf(join(tree, 'run.sh'))).toBe(0o700)
    expect(await modeOf(outside)).toBe(0o644)
    expect(await tightenTree(tree)).toBe(0)
  })

  it('makes a data dir private through a link to it, creates a missing one, and refuses a file', async () => {
    const dir = await tempDir()
    const real = join(dir, 'real')
    await mkdir(real, { mode: 0o755 })
    await symlink(real, join(dir, 'data'))
    expect(securePrivateDirSync(join(dir, 'data'))).toBe(0o755)
    expect((await stat(real)).mode & 0o777).toBe(0o700)
    expect(securePrivateDirSync(join(dir, 'data'))).toBeNull()
    expect(securePrivateDirSync(join(dir, 'new', 'nested'))).toBeNull()
    expect(await modeOf(join(dir, 'new', 'nested'))).toBe(0o700)
    await writeFile(join(dir, 'file'), '')
    expect(() => securePrivateDirSync(join(dir, 'file'))).toThrow(/is not a folder/)
  })

  it('makes a file it overwrites private too', async () => {
    const dir = await tempDir()
    const file = join(dir, 'settings.json')
    await writeFile(file, 'old', { mode: 0o644 })
    await writePrivateFile(file, 'new')
    expect(await modeOf(file)).toBe(0o600)
  })
})
