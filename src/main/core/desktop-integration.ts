/**
 * What only the desktop app can do for the core's commands: the system's login items, its file
 * dialog and file manager, relaunching the app. The core stays free of Electron: the desktop layer
 * implements this port (src/main/desktop/desktop-integration.ts) and hands it to createCore, as it
 * hands over its cipher; web mode hands none, and the commands then answer with the reason.
 */
import type { StartAtLogin } from '../../shared/system-settings'

/** The system's login items for this app (Electron's on macOS and Windows, XDG autostart on Linux). */
export interface LoginItemPort {
  /** What the system says now; `available: false` with the reason where it cannot be changed. */
  read(): Promise<StartAtLogin>
  /** Asks the system to start the app at login (or not), then answers what it now says. */
  write(enabled: boolean): Promise<StartAtLogin>
}

/** What the system's file dialog is opened for: where the data goes, or a robot to import. */
export type PickPurpose = 'data-folder' | 'robot-folder' | 'robot-zip'

export interface DesktopIntegration {
  loginItem: LoginItemPort
  /** The system's file dialog for a purpose, opened at `startIn`; undefined when the person cancelled. */
  pickPath(purpose: PickPurpose, startIn?: string): Promise<string | undefined>
  /** Opens a folder in the system's file manager; throws with the system's words when it cannot. */
  showFolder(path: string): Promise<void>
  /** Quits the app the usual way (the room shut down first) and starts it again. */
  relaunch(): void
}
