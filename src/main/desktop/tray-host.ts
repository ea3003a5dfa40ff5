/**
 * Whether a tray icon would be seen. Windows and macOS always show one. On Linux a tray needs a
 * StatusNotifier host (KDE, Xfce, Cinnamon, Ubuntu's GNOME with its AppIndicator extension...);
 * stock GNOME (Fedora, Debian) has none, so an app that hid in the tray there could not be found
 * again. The host owns `org.kde.StatusNotifierWatcher` on the session bus, which `dbus-send` (part
 * of D-Bus itself) can ask about. No answer counts as no tray: closing the window then quits.
 */
import { execFile } from 'node:child_process'

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher'
const QUERY_TIMEOUT_MS = 2_000

export interface TrayHostQuery {
  platform?: NodeJS.Platform
  /** The environment dbus-send runs with (DBUS_SESSION_BUS_ADDRESS names the session bus). */
  env?: NodeJS.ProcessEnv
  /** The bus name that means "a tray host is here". */
  watcherName?: string
}

/** The dbus-send arguments that ask the session bus whether `name` has an owner. */
export function nameHasOwnerArgs(name: string): string[] {
  return [
    '--session',
    '--print-reply=literal',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${name}`,
  ]
}

export async function hasTrayHost(query: TrayHostQuery = {}): Promise<boolean> {
  if ((query.platform ?? process.platform) !== 'linux') return true
  const args = nameHasOwnerArgs(query.watcherName ?? STATUS_NOTIFIER_WATCHER)
  const reply = await new Promise<string>((resolve) => {
    execFile(
      'dbus-send',
      args,
      { timeout: QUERY_TIMEOUT_MS, env: query.env ?? process.env, windowsHide: true },
      // No dbus-send, no session bus, no answer in time: no tray that can be relied on.
      (error, stdout) => resolve(error ? '' : String(stdout)),
    )
  })
  return /\bboolean\s+true\b/.test(reply)
}
