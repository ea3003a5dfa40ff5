/**
 * Start at login on Linux, where Electron's login item API does nothing: an XDG autostart entry,
 * `$XDG_CONFIG_HOME/autostart/robodeck.desktop` (~/.config/autostart by default), which GNOME, KDE,
 * Xfce and the other desktops that follow the freedesktop.org Autostart spec start at login. Plain
 * Node (no Electron), so it is tested on real files. Written whole then renamed, like every file
 * Robodeck writes, so a desktop never reads half an entry.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

export const AUTOSTART_FILE_NAME = 'robodeck.desktop'

/** The autostart folder of the XDG base directory spec: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return join(configHome, 'autostart')
}

/** Characters that make an Exec argument need quotes (Desktop Entry spec, "The Exec key"). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/

/**
 * One Exec argument, quoted as the spec asks: inside double quotes `"`, `` ` ``, `$` and `\` take a
 * backslash; then the string escape doubles every backslash again; `%` is doubled (field codes).
 */
export function execArgument(arg: string): string {
  if (/[\n\r]/.test(arg)) throw new Error('an autostart entry cannot run a path with a line break in it')
  const percent = arg.replace(/%/g, '%%')
  if (!RESERVED.test(percent) && percent !== '') return percent
  const quoted = `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
  return quoted.replace(/\\/g, '\\\\')
}

export interface AutostartEntry {
  name: string
  /** The program and its arguments. */
  exec: string[]
  icon?: string
}

/** The entry's text. */
export function desktopEntry(entry: AutostartEntry): string {
  const line = (value: string) => value.replace(/[\n\r]/g, ' ')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${line(entry.name)}`,
    `Comment=${line(`Started at login (${entry.name} › Settings › Start at login)`)}`,
    `Exec=${entry.exec.map(execArgument).join(' ')}`,
    ...(entry.icon ? [`Icon=${line(entry.icon)}`] : []),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/**
 * Whether the entry starts the app at login: it exists and neither `Hidden=true` nor
 * `X-GNOME-Autostart-enabled=false` (how desktops' own startup settings turn an entry off) is in it.
 */
export async function readAutostart(file: string): Promise<boolean> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
  const keys = new Map<string, string>()
  let inEntry = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]'
    const equals = line.indexOf('=')
    if (inEntry && equals > 0) keys.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim())
  }
  return keys.get('Hidden') !== 'true' && keys.get('X-GNOME-Autostart-enabled') !== 'false'
}

/** Writes the entry (replacing one from an older install, e.g. an AppImage that has moved). */
export async function writeAutostart(file: string, entry: AutostartEntry): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.tmp-${process.pid}`
  try {
    await writeFile(temporary, desktopEntry(entry), { mode: 0o644 })
    await rename(temporary, file)
  } finally {
    if (existsSync(temporary)) await rm(temporary, { force: true })
  }
}

/** Removes the entry (nothing to do when there is none). */
export async function removeAutostart(file: string): Promise<void> {
  await rm(file, { force: true })
}
