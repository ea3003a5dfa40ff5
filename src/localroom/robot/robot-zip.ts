/**
 * Robot zips: reading a task package safely and writing a robot folder as a zip. fflate inflates;
 * the central directory is read here first because fflate does not expose what must be checked
 * before anything is inflated (entry attributes for symlinks, encryption, declared sizes). fflate
 * inflates each entry into a buffer of its declared size and never grows it, so checking declared
 * sizes bounds memory even for a zip that lies about them.
 */
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { crc32 } from 'node:zlib'
import { strFromU8, unzip, type Zippable, zip } from 'fflate'
import { makePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../platform/private-fs'

/** Limits on a task package (Control Room's exact limits are not published; these are generous). */
export const ZIP_LIMITS = {
  compressedBytes: 100 * 1024 * 1024,
  uncompressedBytes: 500 * 1024 * 1024,
  entries: 10_000,
}
export type ZipLimits = typeof ZIP_LIMITS

/** A zip the room refuses, with a message that says what is wrong. */
export class ZipError extends Error {
  override name = 'ZipError'
}

/** One file to extract: its safe relative path (forward slashes) and its entry name in the zip. */
interface ZipFile {
  entryName: string
  path: string
  size: number
  crc: number
}

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const S_IFMT = 0o170000
const S_IFLNK = 0o120000

/** Makes an entry name a safe relative path, or throws saying why it would escape the robot folder. */
export function safeEntryPath(name: string): string {
  const shown = JSON.stringify(name.slice(0, 200))
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f]/.test(name))
    throw new ZipError(`Zip entry ${shown} has a control character in its name`)
  const slashed = name.replace(/\\/g, '/')
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed))
    throw new ZipError(`Zip entry ${shown} has an absolute path; entries must stay inside the robot folder`)
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.includes('..')) throw new ZipError(`Zip entry ${shown} escapes the robot folder ("..")`)
  return segments.join('/')
}

/** Reads the central directory and checks every entry and the totals, before anything is inflated. */
export function listZipFiles(data: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipFile[] {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (view.length > limits.compressedBytes)
    throw new ZipError(`The package is larger than ${limits.compressedBytes} bytes`)
  let eocd = -1
  for (let at = view.length - 22; at >= 0 && at >= view.length - 22 - 65535; at--) {
    if (view.readUInt32LE(at) === EOCD) {
      eocd = at
      break
    }
  }
  if (eocd < 0) throw new ZipError('The package is not a zip file')
  let count = view.readUInt16LE(eocd + 10)
  let offset = view.readUInt32LE(eocd + 16)
  if (eocd >= 20 && view.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = Number(view.readBigUInt64LE(eocd - 12))
    if (record + 56 > view.length || view.readUInt32LE(record) !== ZIP64_EOCD)
      throw new ZipError('The package is not a valid zip file (bad ZIP64 record)')
    count = Number(view.readBigUInt64LE(record + 32))
    offset = Number(view.readBigUInt64LE(record + 48))
  }
  if (count > limits.entries) throw new ZipError(`The package has more than ${limits.entries} entries`)
  const files: ZipFile[] = []
  const seen = new Set<string>()
  let total = 0
  for (let index = 0; index < count; index++) {
    if (offset + 46 > view.length || view.readUInt32LE(offset) !== CENTRAL)
      throw new ZipError('The package is not a valid zip file (truncated central directory)')
    const madeBy = view.readUInt8(offset + 5)
    const flags = view.readUInt16LE(offset + 8)
    const method = view.readUInt16LE(offset + 10)
    const crc = view.readUInt32LE(offset + 16)
    let compressed = view.readUInt32LE(offset + 20)
    let size = view.readUInt32LE(offset + 24)
    const nameLength = view.readUInt16LE(offset + 28)
    const extraLength = view.readUInt16LE(offset + 30)
    const commentLength = view.readUInt16LE(offset + 32)
    const external = view.readUInt32LE(offset + 38)
    const nameBytes = view.subarray(offset + 46, offset + 46 + nameLength)
    // Decoded as fflate decodes it, so the names match its output: UTF-8 only when flagged.
    const name = strFromU8(nameBytes, !(flags & 0x800))
    const extra = view.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength)
    if (size === 0xffffffff || compressed === 0xffffffff)
      [size, compressed] = zip64Sizes(extra, size, compressed)
    offset += 46 + nameLength + extraLength + commentLength
    const shown = JSON.stringify(name.slice(0, 200))
    const path = safeEntryPath(name)
    if (madeBy === 3 && ((external >>> 16) & S_IFMT) === S_IFLNK)
      throw new ZipError(`Zip entry ${shown} is a symbolic link; links are not allowed in a package`)
    if (name.endsWith('/') || name.endsWith('\\') || path === '') continue
    if (flags & 1) throw new ZipError(`Zip entry ${shown} is encrypted`)
    if (method !== 0 && method !== 8)
      throw new ZipError(
        `Zip entry ${shown} uses compression method ${method}; only stored and deflate are supported`,
      )
    if (seen.has(path)) throw new ZipError(`Zip entry ${shown} appears twice`)
    seen.add(path)
    total += size
    if (total > limits.uncompressedBytes)
      throw new ZipError(`The package unpacks to more than ${limits.uncompressedBytes} bytes`)
    files.push({ entryName: name, path, size, crc })
  }
  return files
}

function zip64Sizes(extra: Buffer, size: number, compressed: number): [number, number] {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at)
    const length = extra.readUInt16LE(at + 2)
    if (id === 0x0001) {
      let field = at + 4
      const next = () => {
        if (field + 8 > at + 4 + length)
          throw new ZipError('The package is not a valid zip file (bad ZIP64 sizes)')
        const value = Number(extra.readBigUInt64LE(field))
        field += 8
        return value
      }
      const realSize = size === 0xffffffff ? next() : size
      const realCompressed = compressed === 0xffffffff ? next() : compressed
      return [realSize, realCompressed]
    }
    at += 4 + length
  }
  throw new ZipError('The package is not a valid zip file (missing ZIP64 sizes)')
}

/** rcc and most zip tools may wrap the robot in one top-level folder: the prefix to strip, or ''. */
function wrapperPrefix(files: readonly ZipFile[]): string {
  const paths = files.map((file) => file.path).filter((path) => !path.startsWith('__MACOSX/'))
  if (paths.includes('robot.yaml')) return ''
  const tops = new Set(paths.map((path) => path.split('/')[0]))
  const [top] = [...tops]
  if (tops.size === 1 && top !== undefined && paths.includes(`${top}/robot.yaml`)) return `${top}/`
  return ''
}

/**
 * Checks a package zip and writes its files under `dest` (which must not exist yet). Returns the
 * byte count written. The robot.yaml of the result is not checked here (robot-validate.ts does that).
 */
export async function extractRobotZip(
  data: Uint8Array,
  dest: string,
  limits: ZipLimits = ZIP_LIMITS,
): Promise<number> {
  const files = listZipFiles(data, limits)
  const prefix = wrapperPrefix(files)
  const wanted = new Map<string, ZipFile>()
  for (const file of files) {
    if (file.path.startsWith('__MACOSX/') || !file.path.startsWith(prefix)) continue
    wanted.set(file.entryName, { ...file, path: file.path.slice(prefix.length) })
  }
  if (!files.some((file) => file.path === `${prefix}robot.yaml`))
    throw new ZipError('The package has no robot.yaml (at its root or inside a single top-level folder)')
  const contents = await new Promise<Record<string, Uint8Array>>((resolve, reject) => {
    unzip(data, { filter: (entry) => wanted.has(entry.name) }, (error, result) => {
      if (error) reject(new ZipError(`The package is not a valid zip file: ${error.message}`))
      else resolve(result)
    })
  })
  await mkdir(dest, { recursive: false, mode: PRIVATE_DIR_MODE })
  let written = 0
  for (const [entryName, file] of wanted) {
    const content = contents[entryName]
    // A size or checksum that does not match means a corrupt (or doctored) zip: fflate inflates
    // into the declared size, so a lie about it shows here as a checksum mismatch.
    if (!content || content.length !== file.size || crc32(content) !== file.crc)
      throw new ZipError(`Zip entry ${JSON.stringify(entryName.slice(0, 200))} is corrupt`)
    const target = join(dest, ...file.path.split('/'))
    // safeEntryPath already refused `..` and absolute names; this is the belt to those braces.
    const rel = relative(dest, target)
    if (rel.startsWith('..') || rel === '')
      throw new ZipError(`Zip entry ${JSON.stringify(entryName)} escapes the robot folder`)
    try {
      await makePrivateDir(dirname(target))
      await writeFile(target, content, { flag: 'wx', mode: PRIVATE_FILE_MODE })
    } catch (error) {
      throw new ZipError(
        `Cannot extract zip entry ${JSON.stringify(entryName.slice(0, 200))}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      )
    }
    written += content.length
  }
  return written
}

/** Zips a robot folder (files only; symbolic links are left out) with paths relative to it. */
export async function zipRobotFolder(root: string): Promise<Uint8Array> {
  const files: Zippable = {}
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) files[relative(root, full).split(sep).join('/')] = await readFile(full)
    }
  }
  if (!(await lstat(root)).isDirectory()) throw new ZipError('The robot folder is missing')
  await walk(root)
  return new Promise((resolve, reject) => {
    zip(files, { level: 6 }, (error, data) => (error ? reject(error) : resolve(data)))
  })
}
