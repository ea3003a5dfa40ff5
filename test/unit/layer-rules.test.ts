/**
 * The layer rules in biome.json bite: each case plants a one-line file in a real folder of src/,
 * lints it with the project's own Biome config (as `npm run lint` does) and expects the rule's
 * diagnostic, or none for the narrow exceptions. The planted file is removed whatever happens.
 * Last, the real tree must pass.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const biome = join(root, 'node_modules/.bin/biome')
const RESTRICTED = 'lint/style/noRestrictedImports'

interface Diagnostic {
  category: string
  message: string
  location: { path: string }
}
interface Report {
  summary: { changed: number; unchanged: number }
  diagnostics: Diagnostic[]
}

/** Lints paths with the project's config; the JSON report, and how many files Biome looked at. */
function lint(paths: string[]): { status: number | null; report: Report } {
  const result = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', ...paths], {
    cwd: root,
    encoding: 'utf8',
  })
  let report: Report
  try {
    report = JSON.parse(result.stdout)
  } catch {
    throw new Error(`biome gave no JSON report (exit ${result.status}): ${result.stderr.slice(0, 2000)}`)
  }
  return { status: result.status, report }
}

let planted = 0
/** Writes `line` into a new file in `folder` (relative to the project), lints it, removes it. */
function lintPlanted(folder: string, line: string, name?: string) {
  const file = join(root, folder, name ?? `__layer-rule-probe-${process.pid}-${++planted}.ts`)
  expect(existsSync(join(root, folder)), `${folder} exists`).toBe(true)
  expect(existsSync(file)).toBe(false)
  try {
    writeFileSync(file, `${line}\n`)
    const { status, report } = lint([relative(root, file)])
    // Biome looked at the file (an ignored path would pass every case vacuously).
    expect(report.summary.changed + report.summary.unchanged).toBe(1)
    const restricted = report.diagnostics.filter((d) => d.category === RESTRICTED)
    return { status, restricted, all: report.diagnostics }
  } finally {
    rmSync(file, { force: true })
  }
}

/** A planted import that must fail the lint, with a message that names the rule being broken. */
const refused: Array<[folder: string, line: string, message: RegExp]> = [
  ['src/main/core', "import 'electron'", /Only src\/main\/desktop, src\/main\/index\.ts and src\/preload/],
  [
    'src/main/core',
    "import { startLocalRoom } from '../../localroom/server'",
    /core never imports the local room/,
  ],
  ['src/main/core', "import '../../localroom/db/db'", /core never imports the local room/],
  ['src/main/core', "import { createTray } from '../desktop/tray'", /core is plain Node/],
  [
    'src/main/core',
    "export { x } from '../../localroom/robot/host-protocol'",
    /core never imports the local room/,
  ],
  ['src/main', "import 'electron'", /Only src\/main\/desktop/],
  ['src/web', "import '../localroom/db/db'", /through its public entry, src\/localroom\/server\.ts/],
  ['src/web', "import 'electron'", /Only src\/main\/desktop/],
  ['src/web', "import '../main/desktop/tray'", /never the Electron adapters/],
  ['src/main/desktop', "import '../../localroom/robot/launcher'", /robot-host channel through/],
  ['src/main/desktop', "import { ipcRenderer } from 'electron'", /belong to the preload/],
  ['src/preload', "import { app } from 'electron'", /only contextBridge and ipcRenderer/],
  ['src/preload', "import { z } from 'zod'", /zod stays out of its sandboxed bundle/],
  ['src/preload', "import 'node:fs'", /sandboxed/],
  ['src/preload', "import '../main/core/runs'", /imports only src\/shared/],
  ['src/renderer/src', "import { readFileSync } from 'node:fs'", /no Node modules/],
  ['src/renderer/src/components', "import 'electron'", /Only src\/main\/desktop/],
  ['src/renderer/src/hooks', "import { isFinalRunState } from '../../../main/core/runs'", /only its bridge/],
  ['src/renderer/src/components', "import '../../../localroom/http/schemas'", /only its bridge/],
  ['src/renderer/src/bridge', "import '../../../web/server'", /only its bridge/],
  [
    'src/renderer/src/components',
    "import { createHttpBridge } from '../bridge/http-bridge'",
    /through its index/,
  ],
  ['src/renderer/src', "const m = await import('node:path')\nexport { m }", /no Node modules/],
  ['src/shared', "import 'node:path'", /src\/shared is pure/],
  ['src/shared', "import '../localroom/http/schemas'", /bottom layer/],
  ['src/localroom', "import 'electron'", /local room imports no electron/],
  ['src/localroom', "import '../main/core/runs'", /local room imports nothing of the app/],
  ['src/localroom/runs', "import { parseWebOptions } from '../../web/options'", /nothing of the app/],
  ['src/localroom/robot', "import '../../renderer/src/lib/format'", /nothing of the app/],
  ['src/platform', "import '../localroom/db/db'", /imports only Node, its dependencies and src\/shared/],
  ['src/platform', "import '../main/core/vault'", /imports only Node/],
  ['src/renderer/src/components', "import '../../../platform/private-fs'", /only its bridge/],
  ['src/shared', "import '../platform/private-fs'", /bottom layer/],
]

/** The narrow exceptions, and ordinary imports, that must stay allowed. */
const allowed: Array<[folder: string, line: string]> = [
  ['src/web', "import { startLocalRoom } from '../localroom/server'"],
  ['src/web', "import { createCore } from '../main/core/core'"],
  ['src/main/desktop', "import { RobotHostRequest } from '../../localroom/robot/host-protocol'"],
  ['src/main/desktop', "import { ipcMain } from 'electron'"],
  ['src/preload', "import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron'"],
  ['src/renderer/src/components', "import { bridge } from '../bridge'"],
  ['src/renderer/src/bridge', "import { createHttpBridge } from './http-bridge'"],
  ['src/renderer/src/components', "import { runKey } from '../../../shared/runs'"],
  ['src/localroom', "import { formatBootstrapLine } from '../shared/local-room-bootstrap'"],
  ['src/main/core', "import { parseBootstrapLine } from '../../shared/local-room-bootstrap'"],
  ['src/main/core', "import { makePrivateDir } from '../../platform/private-fs'"],
  ['src/localroom', "import { makePrivateDir } from '../platform/private-fs'"],
  ['src/main/desktop', "import { DATA_DIR_IN_USE_EXIT_CODE } from '../../platform/local-room-holder'"],
  ['src/platform', "import { CREDENTIAL_PATTERN } from '../shared/user-credential'"],
]

describe('layer rules', () => {
  it.each(refused)('%s: refuses %s', (folder, line, message) => {
    const { status, restricted } = lintPlanted(folder, line)
    expect(status).not.toBe(0)
    expect(restricted).toHaveLength(1)
    expect(restricted[0]?.message).toMatch(message)
  })

  it.each(allowed)('%s: allows %s', (folder, line) => {
    expect(lintPlanted(folder, line).restricted).toEqual([])
  })

  it('refuses require() in src, which the import rules would not see', () => {
    const { status, all } = lintPlanted('src/main/core', "export const fs = require('node:fs')")
    expect(status).not.toBe(0)
    expect(all.map((d) => d.category)).toContain('lint/style/noCommonJs')
  })

  it('passes on the real tree', () => {
    const { status, report } = lint(['src'])
    expect(report.diagnostics.map((d) => `${d.location.path}: ${d.category}`)).toEqual([])
    expect(report.summary.unchanged).toBeGreaterThan(100)
    expect(status).toBe(0)
  })
})
