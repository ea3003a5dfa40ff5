#!/usr/bin/env node
/**
 * `npm start` and `npm run dev`: builds Robodeck, makes sure an Electron binary is there (Electron's
 * own installer fetches it the first time), and starts the desktop app. Where no binary can be had
 * (no route to Electron's download host, ELECTRON_SKIP_BINARY_DOWNLOAD set), it says so in one line
 * and runs web mode instead, opening the page in the default browser.
 *
 *   node scripts/start.mjs [--dev] [--web] [--no-open] [other args, passed to the app or web mode]
 *
 * ROBODECK_WEB=1 is --web, ROBODECK_NO_BROWSER=1 is --no-open, ROBODECK_SKIP_BUILD=1 skips the build.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { ensureElectron } from './lib/electron-binary.mjs'
import { openInBrowser } from './lib/open-browser.mjs'

const root = resolve(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

// Its own three flags; every other argument is passed on to the app or to web mode (`--port 8080`).
const ownFlags = new Set(['--dev', '--web', '--no-open'])
const args = process.argv.slice(2).filter((arg) => arg !== '--')
const values = Object.fromEntries([...ownFlags].map((flag) => [flag.slice(2), args.includes(flag)]))
const passthrough = args.filter((arg) => !ownFlags.has(arg))
const forceWeb = values.web || process.env.ROBODECK_WEB === '1'
const openBrowser = !values['no-open'] && process.env.ROBODECK_NO_BROWSER !== '1'

function build() {
  if (process.env.ROBODECK_SKIP_BUILD === '1') return
  const result = spawnSync(bin('electron-vite'), ['build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (result.status !== 0) {
    console.error('Robodeck: the build failed; see above.')
    process.exit(result.status ?? 1)
  }
}

/** Runs a child to the end, passing Ctrl-C and termination on, and exits with its code. */
function runToEnd(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal)
    })
  }
  child.on('error', (error) => {
    console.error(`Robodeck: could not start ${child.spawnfile} (${error.message})`)
    process.exit(1)
  })
  // exitCode, not exit(): what the child printed may still be on its way through our stdout.
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0)
  })
}

/** The environment for Electron: never as plain Node, whatever the caller's shell had. */
function electronEnv(extra = {}) {
  const env = { ...process.env, ...extra }
  delete env.ELECTRON_RUN_AS_NODE
  return env
}

function startDesktop(binary) {
  if (values.dev) {
    // electron-vite reads ELECTRON_EXEC_PATH before it looks for the package's binary.
    const child = spawn(bin('electron-vite'), ['dev', ...passthrough], {
      cwd: root,
      stdio: 'inherit',
      env: electronEnv({ ELECTRON_EXEC_PATH: binary }),
      shell: process.platform === 'win32',
    })
    return runToEnd(child)
  }
  // The project root: Electron reads package.json's `main` (out/main/index.js) and productName.
  runToEnd(spawn(binary, [root, ...passthrough], { cwd: root, stdio: 'inherit', env: electronEnv() }))
}

function startWeb() {
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'web.js'), ...passthrough], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  })
  let firstLine = true
  let buffered = ''
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk)
    if (!firstLine) return
    buffered += chunk
    const newline = buffered.indexOf('\n')
    if (newline < 0) return
    firstLine = false
    const url = buffered.slice(0, newline).trim()
    if (!openBrowser) return
    if (!openInBrowser(url)) console.error('Robodeck: open the address above in your browser.')
  })
  runToEnd(child)
}

build()
if (forceWeb) {
  startWeb()
} else {
  // One line whatever happens: the download notice is finished by its outcome.
  let downloading = false
  const electron = await ensureElectron(root, {
    onDownload: (version) => {
      downloading = true
      process.stderr.write(`Robodeck: downloading Electron ${version} (about 100 MB, once)… `)
    },
  })
  if (electron.path) {
    if (downloading) process.stderr.write('done.\n')
    startDesktop(electron.path)
  } else {
    const why = downloading
      ? `it cannot be downloaded here (${electron.cause})`
      : `Robodeck: ${electron.reason}`
    console.error(`${why}; running web mode in your browser instead.`)
    startWeb()
  }
}
