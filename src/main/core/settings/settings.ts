/**
 * The settings store the core sees: one validated, versioned document in `settings.json`. It sits on
 * a conf-style file store (electron-store in the desktop app, conf in web mode; electron-store is
 * conf with Electron's defaults), which writes atomically. A file that cannot be read, fails the
 * schema, or was written by a newer Robodeck is set aside beside itself, never deleted, and the app
 * goes on with defaults and a notice.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { defaultSettings, SETTINGS_VERSION, Settings, StoredConnection } from './settings-schema'

/** The part of conf (and so electron-store) the settings use: reading `store` reads the file. */
export interface SettingsFileStore {
  readonly path: string
  store: Record<string, unknown>
}

export interface SettingsFileOptions {
  cwd: string
  configName: string
  clearInvalidConfig: false
  configFileMode: number
}

/** Opens the file store; throws (as conf does) when the file is not valid JSON. */
export type OpenSettingsFile = (options: SettingsFileOptions) => SettingsFileStore

export interface SettingsStore {
  get(): Settings
  /** Applies a change; a result the schema refuses throws and nothing is written. */
  update(change: (current: Settings) => Settings): Settings
}

export interface SettingsNotice {
  message: string
  /** Where the unusable file was moved to. */
  setAsideAt: string
}

type Migration = (raw: Record<string, unknown>, dir: string) => Record<string, unknown>

/**
 * Steps from each version to the next. Version 0 is "no settings file yet": the connections of
 * Robodeck 0.1, kept by conf in `connections.json`, are carried over.
 */
const migrations: Record<number, Migration> = {
  0: (_raw, dir) => {
    const legacy = join(dir, 'connections.json')
    const connections = existsSync(legacy) ? legacyConnections(legacy) : []
    return { version: 1, connections }
  },
  // Version 2 adds the network settings (proxy, extra CA file): none yet means the defaults.
  1: (raw) => ({ ...raw, version: 2, network: {} }),
}

function legacyConnections(file: string): StoredConnection[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { connections?: unknown[] }
    return (parsed.connections ?? []).flatMap((entry) => {
      const connection = StoredConnection.safeParse(entry)
      return connection.success ? [connection.data] : []
    })
  } catch {
    return []
  }
}

/** Opens (creating or migrating) `settings.json` in dir. */
export function openSettings(
  dir: string,
  openFile: OpenSettingsFile,
  onNotice: (notice: SettingsNotice) => void,
): SettingsStore {
  const options: SettingsFileOptions = {
    cwd: dir,
    configName: 'settings',
    clearInvalidConfig: false,
    configFileMode: 0o600,
  }
  const path = join(dir, 'settings.json')

  const setAside = (reason: string) => {
    const setAsideAt = `${path}.unusable-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(path, setAsideAt)
    onNotice({ message: `Robodeck's settings ${reason}, so it started with defaults.`, setAsideAt })
  }

  let file: SettingsFileStore
  try {
    file = openFile(options)
  } catch (error) {
    if (!(error instanceof SyntaxError) || !existsSync(path)) throw error
    setAside('file was not valid JSON')
    file = openFile(options)
  }

  const load = (): Settings => {
    let raw: Record<string, unknown> = { ...file.store }
    const version = typeof raw.version === 'number' ? raw.version : 0
    if (version > SETTINGS_VERSION) {
      setAside(`were written by a newer Robodeck (settings version ${version})`)
      return defaultSettings()
    }
    for (let from = version; from < SETTINGS_VERSION; from++) {
      const step = migrations[from]
      if (!step) throw new Error(`no settings migration from version ${from}`)
      raw = step(raw, dir)
    }
    const parsed = Settings.safeParse(raw)
    if (parsed.success) return parsed.data
    const field = parsed.error.issues[0]?.path.join('.') || 'the document'
    setAside(`did not match their schema (${field})`)
    return defaultSettings()
  }

  let current = load()
  file.store = current

  return {
    get: () => structuredClone(current),
    update(change) {
      const next = Settings.parse(change(structuredClone(current)))
      file.store = next
      current = next
      return structuredClone(next)
    },
  }
}
