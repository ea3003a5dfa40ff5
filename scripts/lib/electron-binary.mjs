/**
 * Finding the Electron binary to run, and fetching it with Electron's own installer when it is
 * missing. Since Electron 42 the npm package has no install script: its binary is downloaded the
 * first time `require('electron')` runs under Node, which electron-vite never does. So nothing here
 * requires the `electron` package (that would start the download as a side effect); the package
 * folder is only resolved, and its `install.js` is run on purpose.
 */
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Where the `electron` npm package lives, and which version it wants. */
export function electronPackage(root) {
  const dir = join(root, 'node_modules', 'electron')
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  return { dir, version }
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The binary the electron package installed, honouring its own ELECTRON_OVERRIDE_DIST_PATH. */
export function installedBinary(root, env = process.env) {
  const { dir } = electronPackage(root)
  const pathFile = join(dir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    return executable(binary)
      ? { path: binary }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${binary})` }
  }
  if (!relative)
    return { reason: 'the Electron binary is not installed (node_modules/electron/path.txt is missing)' }
  const binary = join(dir, 'dist', relative)
  return existsSync(binary)
    ? { path: binary }
    : { reason: `the Electron binary is not installed (${binary} is missing)` }
}

/** An `electron` on PATH whose major version is the one the project is built for. */
export function binaryOnPath(root, env = process.env) {
  const names = process.platform === 'win32' ? ['electron.cmd', 'electron.exe'] : ['electron']
  const wanted = electronPackage(root).version.split('.')[0]
  for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    // Our own node_modules/.bin/electron is the package's launcher, which would start the download.
    if (folder.includes(join('node_modules', '.bin'))) continue
    for (const name of names) {
      const candidate = join(folder, name)
      if (!existsSync(candidate) || !executable(candidate)) continue
      const probe = spawnSync(candidate, ['--version'], {
        encoding: 'utf8',
        timeout: 10_000,
        env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
        shell: process.platform === 'win32',
      })
      const major = /^v?(\d+)\./.exec((probe.stdout ?? '').trim())?.[1]
      if (major === wanted) return { path: candidate }
    }
  }
  return undefined
}

/** The first line of an installer's error output that says what went wrong. */
function downloadFailure(output) {
  const lines = output.split('\n').map((line) => line.trim())
  const cause = lines.find((line) => /error|ENOTFOUND|ECONN|EAI_AGAIN|fetch failed|status/i.test(line))
  return (cause ?? lines.find(Boolean) ?? 'no output').slice(0, 200)
}

/** Runs Electron's own installer (which honours ELECTRON_MIRROR and electron_config_cache). */
export function downloadBinary(root, env = process.env) {
  const { dir, version } = electronPackage(root)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'install.js')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const failed = (cause) =>
      resolve({ reason: `Electron ${version} could not be downloaded (${cause})`, cause })
    child.on('error', (error) => failed(error.message))
    child.on('close', (code) => {
      const found = installedBinary(root, env)
      if (code === 0 && found.path) resolve(found)
      else failed(downloadFailure(output))
    })
  })
}

/**
 * The Electron binary to start, in order: ELECTRON_EXEC_PATH (electron-vite's variable), the
 * installed package binary, a matching `electron` on PATH, then a download. `{reason}` says why
 * there is none; `onDownload` is told before a download starts.
 */
export async function ensureElectron(root, { env = process.env, onDownload = () => {} } = {}) {
  if (env.ELECTRON_EXEC_PATH) {
    return executable(env.ELECTRON_EXEC_PATH)
      ? { path: env.ELECTRON_EXEC_PATH }
      : { reason: `ELECTRON_EXEC_PATH is not an executable (${env.ELECTRON_EXEC_PATH})` }
  }
  const installed = installedBinary(root, env)
  if (installed.path || env.ELECTRON_OVERRIDE_DIST_PATH) return installed
  const onPath = binaryOnPath(root, env)
  if (onPath) return onPath
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' }
  }
  onDownload(electronPackage(root).version)
  return downloadBinary(root, env)
}
