/**
 * The room's own secret: 32 random bytes in `<data>/room-secret.key` (0600), created on first start.
 * It signs time-limited download and upload URLs and, through derived keys, encrypts what the room
 * must be able to show again (API key values). Losing it invalidates those, nothing else.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const ROOM_SECRET_FILE = 'room-secret.key'

/** Reads the room secret, creating it on first use. */
export function loadRoomSecret(dataDir: string): Buffer {
  const file = join(dataDir, ROOM_SECRET_FILE)
  try {
    const secret = readFileSync(file)
    if (secret.length !== 32) throw new Error(`${file} is damaged (expected 32 bytes)`)
    return secret
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = randomBytes(32)
  // Written whole beside it, then linked into place: a full disk must not leave a short file that
  // would stop every later start ("damaged"), and link() fails if another process won the race.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    const fd = openSync(temp, 'wx', 0o600)
    try {
      writeSync(fd, secret)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    linkSync(temp, file)
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadRoomSecret(dataDir)
    throw error
  } finally {
    rmSync(temp, { force: true })
  }
  return secret
}

/** A key for one purpose, derived from the room secret, so no two uses share key material. */
export function deriveKey(roomSecret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', roomSecret).update(`robodeck-localroom:${purpose}`).digest()
}
