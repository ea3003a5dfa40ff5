/** Opening a URL in the user's default browser, where there is a desktop to open it on. */
import { spawn } from 'node:child_process'

/** The command that opens a URL on this platform, or undefined where there is no desktop session. */
export function browserCommand(url, platform = process.platform, env = process.env) {
  if (platform === 'darwin') return ['open', [url]]
  // `start` treats its first quoted argument as a window title, hence the empty one.
  if (platform === 'win32') return ['cmd', ['/d', '/s', '/c', `start "" "${url}"`]]
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined
  return ['xdg-open', [url]]
}

/** Starts the browser and returns true, or returns false where that is not possible here. */
export function openInBrowser(url) {
  const command = browserCommand(url)
  if (!command) return false
  try {
    const child = spawn(command[0], command[1], {
      stdio: 'ignore',
      detached: true,
      windowsVerbatimArguments: process.platform === 'win32',
    })
    child.on('error', () => console.error('Robodeck: could not open a browser; open the address above.'))
    child.unref()
    return true
  } catch {
    return false
  }
}
