/**
 * Whether a Linux desktop has a tray host, asked of a real D-Bus session bus (a private
 * dbus-daemon per test run) with the real dbus-send: no StatusNotifier watcher is the stock GNOME
 * case, where closing the window must quit instead of hiding the app where no one can find it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasTrayHost, STATUS_NOTIFIER_WATCHER } from '../../../../src/main/desktop/tray-host'

const has = (command: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const dbusMissing =
  process.platform !== 'linux' || !has('dbus-daemon') || !has('dbus-send')
    ? 'needs Linux with dbus-daemon and dbus-send (the D-Bus tools)'
    : ''

let bus: ChildProcess | undefined
let address = ''

beforeAll(async () => {
  if (dbusMissing) return
  bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  address = await new Promise<string>((done) =>
    createInterface({ input: bus?.stdout as NonNullable<ChildProcess['stdout']> }).once('line', done),
  )
})
afterAll(() => {
  bus?.kill()
})

describe('tray host', () => {
  it('is always there on Windows and macOS', async () => {
    expect(await hasTrayHost({ platform: 'win32' })).toBe(true)
    expect(await hasTrayHost({ platform: 'darwin' })).toBe(true)
  })

  it.skipIf(dbusMissing)(`asks the session bus for ${STATUS_NOTIFIER_WATCHER} (${dbusMissing})`, async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address }
    // A bus without a StatusNotifier host: stock GNOME.
    expect(await hasTrayHost({ platform: 'linux', env })).toBe(false)
    // The same question about a name that does have an owner (the bus itself) is answered yes.
    expect(await hasTrayHost({ platform: 'linux', env, watcherName: 'org.freedesktop.DBus' })).toBe(true)
  })

  it('counts no session bus as no tray', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/robodeck-bus' }
    expect(await hasTrayHost({ platform: 'linux', env, watcherName: 'org.freedesktop.DBus' })).toBe(false)
    expect(await hasTrayHost({ platform: 'linux', env: { PATH: '/nonexistent' } })).toBe(false)
  })
})
