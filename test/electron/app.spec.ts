/**
 * The built desktop app in a real Electron, launched as a user's machine launches it: the project
 * folder (so package.json's `main` and `productName` apply), with the keyring and the macOS Keychain
 * kept out of the way (`--password-store=basic`, `--use-mock-keychain`) and the app's data in a
 * temporary folder. It skips, saying why, where there is no Electron binary or (on Linux) no display;
 * CI runs it under xvfb-run.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test'
import { electronBinary } from '../support/electron-binary'

const root = resolve(__dirname, '../..')
const binary = electronBinary(root)
const noDisplay =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
    ? 'no display (DISPLAY and WAYLAND_DISPLAY are unset): run it under xvfb-run'
    : ''

test.skip(!binary.path, binary.reason)
test.skip(noDisplay !== '', noDisplay)
test.describe.configure({ mode: 'serial' })

const ROOM_SERVICE = 'Robodeck local Control Room'
const ROBOT_SERVICE = 'Robodeck robot'

/**
 * The few page globals the checks touch, typed here: this file is compiled with Node's types only
 * (no DOM library), as the rest of test/.
 */
type PageGlobals = {
  location: { href: string }
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { effectiveDirective: string }) => void,
      options: { once: boolean },
    ): void
    createElement(tag: 'script'): { textContent: string }
    head: { append(node: unknown): void }
  }
  injectedRan?: boolean
}

let app: ElectronApplication
let window: Page
let userData: string

/** The pids Electron reports for the app's utility processes with this service name. */
const utilityPids = (name: string) =>
  app.evaluate(
    ({ app: electronApp }, serviceName) =>
      electronApp
        .getAppMetrics()
        .filter((metric) => metric.name === serviceName)
        .map((metric) => metric.pid),
    name,
  )

const isGone = (pid: number) => {
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

test.beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'robodeck-electron-'))
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
  app = await electron.launch({
    executablePath: binary.path,
    args: [root, '--password-store=basic', '--use-mock-keychain'],
    env: { ...env, ROBODECK_USER_DATA: userData },
  })
  // Every notification the app shows, recorded in the main process as it calls show().
  await app.evaluate(({ Notification }) => {
    const shown: { title: string; body: string }[] = []
    const instances: Electron.Notification[] = []
    Object.assign(globalThis, { robodeckShownNotifications: shown, robodeckNotifications: instances })
    const show = Notification.prototype.show
    Notification.prototype.show = function (this: Electron.Notification) {
      shown.push({ title: this.title, body: this.body })
      instances.push(this)
      return show.call(this)
    }
  })
  window = await app.firstWindow()
})

test.afterAll(async () => {
  await app?.close().catch(() => {})
  await rm(userData, { recursive: true, force: true })
})

test('the window is sandboxed and isolated, read back from the running app, on app://robodeck', async () => {
  // getLastWebPreferences() is what Electron itself reads back (lib/browser/api/web-contents.ts);
  // it is not in the typings.
  const preferences = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
      getLastWebPreferences(): Electron.WebPreferences | null
    }
    return contents.getLastWebPreferences()
  })
  expect(preferences).toMatchObject({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
  })
  expect(window.url()).toBe('app://robodeck/index.html')
  const globals = await window.evaluate(() => {
    const page = globalThis as unknown as Record<string, unknown>
    return {
      require: typeof page.require,
      process: typeof page.process,
      bridge: typeof (page.robodeck as { commands?: unknown } | undefined)?.commands,
    }
  })
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' })
  // Navigation away from the app is refused.
  await window.evaluate(() => {
    ;(globalThis as unknown as PageGlobals).location.href = 'https://example.com/'
  })
  await window.waitForTimeout(500)
  expect(window.url()).toBe('app://robodeck/index.html')
})

test('a page that is not the app window is refused, even with the preload', async () => {
  const preload = join(root, 'out/preload/index.js')
  const opened = app.waitForEvent('window')
  await app.evaluate(({ BrowserWindow }, preloadPath) => {
    const other = new BrowserWindow({
      show: false,
      webPreferences: { preload: preloadPath, sandbox: true, contextIsolation: true },
    })
    void other.loadURL('data:text/html,<title>not the app</title>')
  }, preload)
  const other = await opened
  const answer = await other.evaluate(() =>
    (
      globalThis as unknown as { robodeck: { commands: { app: { info(r: object): Promise<unknown> } } } }
    ).robodeck.commands.app.info({}),
  )
  expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } })
  await other.close()
})

test('the Content-Security-Policy is in force', async () => {
  const results = await window.evaluate(async () => {
    const { document } = globalThis as unknown as PageGlobals
    const violation = new Promise<string>((done) =>
      document.addEventListener('securitypolicyviolation', (event) => done(event.effectiveDirective), {
        once: true,
      }),
    )
    const script = document.createElement('script')
    script.textContent = 'globalThis.injectedRan = true'
    document.head.append(script)
    let evalBlocked = false
    try {
      // biome-ignore lint/security/noGlobalEval: the point is that the CSP forbids it
      eval('1')
    } catch {
      evalBlocked = true
    }
    const header = (await fetch('app://robodeck/index.html')).headers.get('content-security-policy')
    return {
      directive: await violation,
      injectedRan: (globalThis as unknown as PageGlobals).injectedRan === true,
      evalBlocked,
      header,
    }
  })
  expect(results.directive).toBe('script-src-elem')
  expect(results.injectedRan).toBe(false)
  expect(results.evalBlocked).toBe(true)
  expect(results.header).toContain("script-src 'self'")
  expect(results.header).toContain("frame-ancestors 'none'")
})

test('launches a process to completed, and raises a notification for it', async () => {
  const supported = await app.evaluate(({ Notification }) => Notification.isSupported())
  await window.getByRole('button', { name: 'Launch Echo payload', exact: true }).click()
  await expect(window.locator('[data-run-id] [data-state]').first()).toHaveText('completed', {
    timeout: 60_000,
  })
  await window.screenshot({ path: 'test-results/screenshots/electron-launch-completed.png' })
  test.skip(!supported, 'this system has no notification service')
  await expect
    .poll(() =>
      app.evaluate(
        () =>
          (globalThis as unknown as { robodeckShownNotifications: { title: string }[] })
            .robodeckShownNotifications,
      ),
    )
    .toContainEqual(expect.objectContaining({ title: 'Echo payload completed' }))

  // Its click opens the run: the row is highlighted (once the launch's own highlight has gone).
  const row = window.locator('[data-run-id]').first()
  await expect(row).not.toHaveClass(/is-highlighted/, { timeout: 20_000 })
  await app.evaluate(() => {
    const instances = (globalThis as unknown as { robodeckNotifications: Electron.Notification[] })
      .robodeckNotifications
    instances.findLast((notification) => notification.title === 'Echo payload completed')?.emit('click')
  })
  await expect(row).toHaveClass(/is-highlighted/)
})

test('a robodeck:// launch link asks in a native dialog first, then launches and opens the run', async () => {
  const processId = await window.evaluate(async () => {
    type List = { ok: boolean; value: { processes: { id: string; name: string }[] } }
    const { commands } = (
      globalThis as unknown as { robodeck: { commands: { processes: { list(r: object): Promise<List> } } } }
    ).robodeck
    const list = await commands.processes.list({ connectionId: 'local' })
    return list.value.processes.find((process) => process.name === 'Echo payload')?.id
  })
  expect(processId).toBeTruthy()
  // The person's answer, given in the main process: Launch. What the dialog said is recorded.
  await app.evaluate(({ dialog }) => {
    const asked: Electron.MessageBoxOptions[] = []
    Object.assign(globalThis, { robodeckAsked: asked })
    const answer = async (...args: unknown[]): Promise<Electron.MessageBoxReturnValue> => {
      asked.push(args.at(-1) as Electron.MessageBoxOptions)
      return { response: 0, checkboxChecked: false }
    }
    dialog.showMessageBox = answer as typeof dialog.showMessageBox
  })
  const firstRun = window.locator('[data-run-id]').first()
  const before = await firstRun.getAttribute('data-run-id')
  // How macOS hands the app a link; Windows and Linux pass it on the command line (second-instance).
  await app.evaluate(({ app: electronApp }, link) => {
    electronApp.emit('open-url', { preventDefault() {} }, link)
  }, `robodeck://launch/local/${processId}`)
  await expect
    .poll(() =>
      app.evaluate(() =>
        (globalThis as unknown as { robodeckAsked: Electron.MessageBoxOptions[] }).robodeckAsked.map(
          (options) => options.message,
        ),
      ),
    )
    .toEqual(['Launch “Echo payload” in “Local Control Room”?'])
  await expect(firstRun).not.toHaveAttribute('data-run-id', before ?? '', { timeout: 20_000 })
  await expect(firstRun).toHaveClass(/is-highlighted/)
})

test('Settings: start at login is for the installed app; the data folder can be shown and changed', async () => {
  await window.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
  const settings = window.getByRole('region', { name: 'Settings' })
  const box = settings.getByRole('checkbox', { name: 'Start Robodeck when you log in' })
  // Run from the project folder, the app is a development build: it would register bare Electron.
  await expect(box).toBeDisabled()
  await expect(box).toHaveAccessibleDescription(
    'Start at login is for the installed app; this is a development build.',
  )
  const folder = settings.getByRole('region', { name: 'Data folder' })
  await expect(folder.getByRole('textbox', { name: 'Folder in use' })).toHaveValue(userData)
  await expect(folder.getByRole('button', { name: 'Show in folder' })).toBeEnabled()
  await expect(folder.getByRole('button', { name: 'Choose another folder…' })).toBeEnabled()

  // Toggling needs a packaged app (electron-builder's output); its adapters are unit-tested with
  // electron mocked, and the Linux entry on real files (test/unit/main/desktop/login-item.test.ts).
})

test('quit shuts the room down and waits: no room or robot process is left, no run in progress', async () => {
  const bridge = () =>
    window.evaluate(async () => {
      type Commands = {
        processes: {
          list(r: object): Promise<{ ok: boolean; value: { processes: { id: string; name: string }[] } }>
          launch(r: object): Promise<{ ok: boolean }>
        }
      }
      const { commands } = (globalThis as unknown as { robodeck: { commands: Commands } }).robodeck
      const list = await commands.processes.list({})
      const longJob = list.value.processes.find((process) => process.name === 'Long job')
      return commands.processes.launch({
        connectionId: 'local',
        processId: longJob?.id,
        payload: { seconds: 600 },
      })
    })
  expect(await bridge()).toMatchObject({ ok: true })
  await expect.poll(() => utilityPids(ROBOT_SERVICE), { timeout: 30_000 }).toHaveLength(1)
  const [roomPid] = await utilityPids(ROOM_SERVICE)
  const [robotPid] = await utilityPids(ROBOT_SERVICE)
  expect(roomPid).toBeGreaterThan(0)

  await app.close()
  expect(isGone(roomPid as number)).toBe(true)
  expect(isGone(robotPid as number)).toBe(true)
  const db = new DatabaseSync(join(userData, 'localroom', 'localroom.sqlite'), { readOnly: true })
  try {
    expect(db.prepare("SELECT count(*) AS n FROM process_runs WHERE state = 'in_progress'").get()).toEqual({
      n: 0,
    })
  } finally {
    db.close()
  }
})
