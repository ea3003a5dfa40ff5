/**
 * robodeck:// links reach the app three ways: macOS sends `open-url` (possibly before `ready`, so
 * it is listened to from the start); Windows and Linux start the app with the link as an argument,
 * which the first instance finds in its own argv and a running instance receives in
 * `second-instance`'s argv. What a link means and does is decided in core/deep-links.ts; this file
 * only registers the scheme, collects the links, and asks before a launch.
 */
import { resolve } from 'node:path'
import { app, type BaseWindow, dialog, type MessageBoxOptions } from 'electron'
import type { LaunchQuestion } from '../core/deep-links'

export const DEEP_LINK_PROTOCOL = 'robodeck'

/**
 * Makes the app the OS handler of robodeck://. An unpackaged app (`electron .`) registers the
 * Electron binary with the app's path as its argument, or the link would start a bare Electron.
 * macOS reads the scheme from Info.plist (the `protocols` entry of build/electron-builder.yml).
 */
export function registerDeepLinkProtocol(argv: readonly string[] = process.argv): boolean {
  if (process.defaultApp) {
    const appPath = argv[1]
    if (!appPath) return false
    return app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL, process.execPath, [resolve(appPath)])
  }
  return app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL)
}

/** The robodeck:// link among a command line's arguments (Windows and Linux pass it there). */
export function deepLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_PROTOCOL}://`))
}

/** Hands every link macOS opens the app with to onLink. */
export function listenForOpenUrl(onLink: (link: string) => void): void {
  app.on('open-url', (event, url) => {
    event.preventDefault()
    onLink(url)
  })
}

/** The native dialog's options for a launch question: production warns, with Cancel the default. */
export function launchDialogOptions(question: LaunchQuestion): MessageBoxOptions {
  return {
    type: question.production ? 'warning' : 'question',
    title: question.title,
    message: question.message,
    detail: question.detail,
    buttons: ['Launch', 'Cancel'],
    defaultId: question.production ? 1 : 0,
    cancelId: 1,
    noLink: true,
  }
}

/** Asks the person, over the window when there is one; true when they chose Launch. */
export async function confirmLaunch(question: LaunchQuestion, window?: BaseWindow): Promise<boolean> {
  const options = launchDialogOptions(question)
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options)
  return response === 0
}
