import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  extractRobotZip,
  listZipFiles,
  safeEntryPath,
  ZIP_LIMITS,
  ZipError,
  zipRobotFolder,
} from '../../../../src/localroom/robot/robot-zip'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-zip-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const YAML = strToU8('tasks:\n  Run:\n    shell: node run.mjs\n')

/** Lists every file under a folder, relative, sorted. */
async function tree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort()
}

describe('zip entry names', () => {
  it.each([
    ['../../evil.txt', /escapes the robot folder/],
    ['a/../../evil.txt', /escapes the robot folder/],
    ['..\\evil.txt', /escapes the robot folder/],
    ['/etc/evil.txt', /absolute path/],
    ['\\\\server\\share\\evil.txt', /absolute path/],
    ['C:/evil.txt', /absolute path/],
    ['c:evil.txt', /absolute path/],
    ['bad\u0000name', /control character/],
  ])('refuses %j', (name, message) => {
    expect(() => safeEntryPath(name)).toThrow(message)
  })

  it('normalises harmless names', () => {
    expect(safeEntryPath('./a//b/./c.txt')).toBe('a/b/c.txt')
    expect(safeEntryPath('a\\b.txt')).toBe('a/b.txt')
    expect(safeEntryPath('..a/b..')).toBe('..a/b..')
  })
})

describe('reading a package zip', () => {
  it('extracts files, stripping a single top-level folder (as rcc wraps robots)', async () => {
    const zip = zipSync({
      'my-robot/robot.yaml': YAML,
      'my-robot/src/run.mjs': strToU8('x'),
      'my-robot/empty/': {},
    })
    const dest = join(dir, 'out')
    const written = await extractRobotZip(zip, dest)
    expect(await tree(dest)).toEqual(['robot.yaml', join('src', 'run.mjs')])
    expect(written).toBe(YAML.length + 1)
  })

  it('keeps a root robot.yaml as is, and ignores __MACOSX', async () => {
    const zip = zipSync({
      'robot.yaml': YAML,
      'lib/a.txt': strToU8('a'),
      '__MACOSX/._robot.yaml': strToU8('junk'),
    })
    const dest = join(dir, 'out')
    await extractRobotZip(zip, dest)
    expect(await tree(dest)).toEqual([join('lib', 'a.txt'), 'robot.yaml'])
  })

  it('refuses a zip without robot.yaml, or with it two folders down', async () => {
    await expect(extractRobotZip(zipSync({ 'a.txt': strToU8('a') }), join(dir, 'o1'))).rejects.toThrow(
      /no robot.yaml/,
    )
    await expect(extractRobotZip(zipSync({ 'a/b/robot.yaml': YAML }), join(dir, 'o2'))).rejects.toThrow(
      /no robot.yaml/,
    )
  })

  it('refuses what is not a zip', () => {
    expect(() => listZipFiles(strToU8('hello, not a zip at all, just some text'))).toThrow(/not a zip file/)
    expect(() => listZipFiles(new Uint8Array(0))).toThrow(/not a zip file/)
  })

  it('refuses symbolic link entries', () => {
    const zip = zipSync({
      'robot.yaml': YAML,
      link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    })
    expect(() => listZipFiles(zip)).toThrow(/"link" is a symbolic link/)
  })

  it('enforces the size and entry limits from the declared sizes, before inflating', () => {
    const big = zipSync({ 'robot.yaml': YAML, 'a.bin': new Uint8Array(5000) })
    expect(() => listZipFiles(big, { ...ZIP_LIMITS, uncompressedBytes: 4000 })).toThrow(
      /unpacks to more than 4000/,
    )
    expect(() => listZipFiles(big, { ...ZIP_LIMITS, compressedBytes: 100 })).toThrow(/larger than 100 bytes/)
    expect(() => listZipFiles(big, { ...ZIP_LIMITS, entries: 1 })).toThrow(/more than 1 entries/)
  })

  it('refuses a zip whose central directory lies about an entry size', async () => {
    const zip = zipSync({ 'robot.yaml': YAML, 'a.bin': new Uint8Array(5000) }, { level: 9 })
    // Lower the declared size of a.bin: inflating into the declared size would truncate it.
    const view = Buffer.from(zip)
    const central = view.lastIndexOf(Buffer.from('PK\u0001\u0002', 'latin1'))
    view.writeUInt32LE(10, central + 24)
    await expect(extractRobotZip(view, join(dir, 'out'))).rejects.toThrow(ZipError)
  })

  it('refuses duplicate entries', () => {
    const zip = zipSync({ 'robot.yaml': YAML, 'a/x.txt': strToU8('1'), 'a//x.txt': strToU8('2') })
    expect(() => listZipFiles(zip)).toThrow(/appears twice/)
  })
})

describe('zipping a robot folder', () => {
  it('round-trips a folder', async () => {
    const source = join(dir, 'src')
    await extractRobotZip(zipSync({ 'robot.yaml': YAML, 'x/y.txt': strToU8('why') }), source)
    const files = unzipSync(await zipRobotFolder(source))
    expect(Object.keys(files).sort()).toEqual(['robot.yaml', 'x/y.txt'])
    expect(Buffer.from(files['x/y.txt'] as Uint8Array).toString()).toBe('why')
    expect(await readFile(join(source, 'x', 'y.txt'), 'utf8')).toBe('why')
  })
})
