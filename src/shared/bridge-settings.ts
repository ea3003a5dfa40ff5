/**
 * The bridge contract's settings the window reads and changes (issue 10;
 * src/main/core/settings-commands.ts).
 */
import { z } from 'zod'
import { emptyRequest } from './bridge-fields'
import { AppSettings, Favourite, NotificationRule, PRESETS_MAX, ProcessPreset } from './settings'
import { DataFolder, NextDataFolder, PickedDataFolder, StartAtLogin } from './system-settings'

export const settingsCommands = {
  /** The network, secret-storage, notification, favourite and preset settings. */
  get: { request: emptyRequest, response: AppSettings },
  /**
   * Sets (or, with null, clears) the proxy and the extra CA file; both are checked first, and every
   * Control Room client uses them from its next request on.
   */
  setNetwork: {
    request: z
      .object({
        proxyUrl: z.string().max(2000).nullable().optional(),
        caFile: z.string().max(4000).nullable().optional(),
      })
      .strict(),
    response: AppSettings,
  },
  /** Opts in (or out) of keeping secrets on disk where the OS offers no secure storage. */
  setSecretStorage: {
    request: z.object({ allowPlainTextSecrets: z.boolean() }).strict(),
    response: AppSettings,
  },
  /** Replaces the notification rules (at most one per connection and one per process). */
  setNotificationRules: {
    request: z.object({ rules: z.array(NotificationRule).max(1000) }).strict(),
    response: AppSettings,
  },
  /** Replaces the favourite processes the tray offers, each with its saved payload. */
  setFavourites: {
    request: z.object({ favourites: z.array(Favourite).max(100) }).strict(),
    response: AppSettings,
  },
  /** Replaces the payload presets of every process (names unique per process). */
  setPresets: {
    request: z.object({ presets: z.array(ProcessPreset).max(PRESETS_MAX) }).strict(),
    response: AppSettings,
  },
  /** Whether Robodeck starts at login, and whether that can be changed here (desktop app only). */
  startAtLogin: { request: emptyRequest, response: StartAtLogin },
  /** Starts Robodeck at login, or stops doing so; answers the state the system now reports. */
  setStartAtLogin: { request: z.object({ enabled: z.boolean() }).strict(), response: StartAtLogin },
  /** Where Robodeck keeps its data, the folder chosen for the next start, and this start's notice. */
  dataFolder: { request: emptyRequest, response: DataFolder },
  /** Desktop: the system's folder picker; the folder is checked (null when the person cancelled). */
  pickDataFolder: {
    request: emptyRequest,
    response: z.object({ picked: PickedDataFolder.nullable() }).strict(),
  },
  /**
   * Chooses the data folder for the next start (checked first), moving the data there or starting
   * empty there; null keeps the folder in use now.
   */
  setDataFolder: {
    request: z.object({ next: NextDataFolder.nullable() }).strict(),
    response: DataFolder,
  },
  /** Desktop: opens the data folder in the system's file manager. */
  showDataFolder: { request: emptyRequest, response: z.object({}).strict() },
} as const
