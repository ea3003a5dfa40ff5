/**
 * `npm start` (scripts/start.mjs) as a user's machine runs it: with an Electron binary it hands the
 * built app to that binary; where none can be had it says so in one line and serves web mode.
 * Real child processes throughout; the Electron binary is a script that records how it was started.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { delimiter, join, resolve } from 'node:path'
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { installedBinary } from '../../../scripts/lib/electron-binary.mjs'
import { readFirstLine } from '../../../src/main/core/first-line'
import { DEV_SERVER_CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy'
import { tempDir } from '../../support/temp-dir'

const root = resolve(__dirname, '../../..')
const startScript = join(root, 'scripts/start.mjs')

const realBinary = installedBinary(root, {}).path
const posix = process.platform !== 'win32'

/** The environment of a user's shell, less anything that would pick a binary or a browser for us. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ROBODECK_SKIP_BUILD: '1',
    ROBODECK_NO_BROWSER: '1',
    ...extra,
  }
  for (const name of ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'ELECTRON_EXEC_PATH', 'ELECTRON_OVERRIDE_DIST_PATH']) {
    if (!(name in extra)) delete env[name]
  }
  return env
}

function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [startScript, ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  return { child, stderr: () => stderr }
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    if (child.exitCode !== null) done(child.exitCode)
    else child.once('exit', (code) => done(code))
  })

/** Starts the script, expects web mode, checks the page answers, stops it; returns stderr. */
async function expectWebMode(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const data = await tempDir()
  const { child, stderr } = start([...args, '--', '--data', data, '--port', '0'], env)
  try {
    const url = await readFirstLine(child.stdout as NonNullable<typeof child.stdout>, 30_000)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/)
    const page = await request(new URL(url).origin)
    expect(page.statusCode).toBe(200)
    expect(await page.body.text()).toContain('<div id="root">')
  } finally {
    child.kill('SIGTERM')
    await exited(child)
  }
  return stderr()
}

/** A stand-in Electron: answers --version like Electron 45 and records each start's argv and env. */
async function fakeElectron(dir: string, record: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const binary = join(dir, 'electron')
  await writeFile(
    binary,
    `#!/bin/sh
if [ "$1" = "--version" ]; then echo v45.5.0; exit 0; fi
"${process.execPath}" -e '
const page = process.env.ELECTRON_RENDERER_URL ? fetch(process.env.ELECTRON_RENDERER_URL).then((r) => r.text()) : Promise.resolve(null)
page.then((html) => require("fs").writeFileSync(process.argv[1], JSON.stringify({ argv: process.argv.slice(2), env: process.env, html })))
' "${record}" "$@"
exit 7
`,
  )
  await chmod(binary, 0o755)
  return binary
}

describe('npm start without an Electron binary', () => {
  it.skipIf(!!realBinary)(
    'says in one line that Electron cannot be downloaded here, then serves web mode',
    async () => {
      // A mirror on a closed port fails at once, on any machine, as the real host does here.
      const cache = await tempDir()
      const stderr = await expectWebMode(
        [],
        userEnv({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache }),
      )
      const lines = stderr.split('\n').filter((line) => line.startsWith('Robodeck:'))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(
        /^Robodeck: downloading Electron 45\.\d+\.\d+ .*… it cannot be downloaded here \(.+\); running web mode in your browser instead\.$/,
      )
    },
  )

  it.skipIf(!!realBinary)('names ELECTRON_SKIP_BINARY_DOWNLOAD when that is what stops it', async () => {
    const stderr = await expectWebMode([], userEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }))
    expect(stderr).toContain(
      'Robodeck: the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set; running web mode in your browser instead.',
    )
  })

  it('serves web mode without looking for Electron when asked to (--web and ROBODECK_WEB=1)', async () => {
    const record = join(await tempDir(), 'record.json')
    const binary = await fakeElectron(await tempDir(), record)
    // Even with a usable binary named, web mode is what runs.
    for (const [args, extra] of [
      [['--web'], {}],
      [[], { ROBODECK_WEB: '1' }],
    ] as const) {
      const stderr = await expectWebMode([...args], userEnv({ ...extra, ELECTRON_EXEC_PATH: binary }))
      expect(stderr).not.toContain('Electron')
    }
    await expect(readFile(record)).rejects.toThrow(/ENOENT/)
  })
})

describe.skipIf(!posix)('npm start with an Electron binary', () => {
  it.skipIf(!!realBinary)(
    'hands the project to a matching electron on PATH, never as Node, and exits with its code',
    async () => {
      const dir = await tempDir()
      const record = join(dir, 'record.json')
      await fakeElectron(join(dir, 'bin'), record)
      const { child } = start(
        ['--', '--flag-for-the-app'],
        userEnv({ PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH}`, ELECTRON_RUN_AS_NODE: '1' }),
      )
      expect(await exited(child)).toBe(7)
      const seen = JSON.parse(await readFile(record, 'utf8'))
      expect(seen.argv).toEqual([root, '--flag-for-the-app'])
      expect(seen.env.ELECTRON_RUN_AS_NODE).toBeUndefined()
    },
  )

  it('uses ELECTRON_OVERRIDE_DIST_PATH, as Electron itself does', async () => {
    const dir = await tempDir()
    const record = join(dir, 'record.json')
    await fakeElectron(join(dir, 'dist'), record)
    const { child } = start([], userEnv({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'dist') }))
    expect(await exited(child)).toBe(7)
    expect(JSON.parse(await readFile(record, 'utf8')).argv).toEqual([root])
  })

  it('passes the binary to electron-vite for npm run dev', async () => {
    const dir = await tempDir()
    const record = join(dir, 'record.json')
    const binary = await fakeElectron(join(dir, 'bin'), record)
    // Its own output folder: the dev build must not rewrite out/ under the tests that run the built
    // room meanwhile (their chunks would vanish mid-run).
    const { child, stderr } = start(
      ['--dev', '--outDir', join(dir, 'out')],
      userEnv({ ELECTRON_EXEC_PATH: binary }),
    )
    await exited(child)
    const seen = JSON.parse(await readFile(record, 'utf8'))
    // electron-vite started its dev server and pointed the app at it; the page it serves allows the
    // inline preamble and styles Vite injects, and only that page does (see the CSP tests).
    expect(seen.env.ELECTRON_RENDERER_URL, stderr()).toMatch(/^http:\/\/localhost:\d+\/?$/)
    expect(seen.html).toContain(`content="${DEV_SERVER_CONTENT_SECURITY_POLICY}"`)
    expect(seen.html).toMatch(/<script type="module">[^<]*injectIntoGlobalHook/)
  }, 60_000)
})
