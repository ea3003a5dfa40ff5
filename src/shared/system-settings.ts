/**
 * The settings that belong to the system Robodeck runs on rather than to the settings document:
 * starting at login and the folder Robodeck keeps its data in (issue 11 §7). Both are the desktop
 * app's to change; web mode shows them with the reason it cannot. Also the one rule of when a
 * launch asks first, which the window and the tray share. No secrets here.
 */
import { z } from 'zod'

/** Whether Robodeck starts when the person logs in, and whether that can be changed here. */
export const StartAtLogin = z.object({
  /** False where it cannot be changed here (web mode, a development build); `reason` says why. */
  available: z.boolean(),
  enabled: z.boolean(),
  reason: z.string().max(500).optional(),
  /** Something to do outside Robodeck for it to take effect (macOS asking for approval). */
  hint: z.string().max(500).optional(),
})
export type StartAtLogin = z.infer<typeof StartAtLogin>

/** A folder chosen for the next start, and whether the data moves there or the app starts empty. */
export const NextDataFolder = z.object({
  path: z.string().min(1).max(4000),
  /** True: the data is copied there (checked, then removed here) when Robodeck next starts. */
  move: z.boolean(),
})
export type NextDataFolder = z.infer<typeof NextDataFolder>

/** Where Robodeck keeps its data, and what may be done about it here. */
export const DataFolder = z.object({
  /** The folder in use now. */
  path: z.string(),
  /** The folder used when none was chosen. */
  defaultPath: z.string(),
  /** False where it is set elsewhere (web mode: `--data`); `fixedReason` says where. */
  changeable: z.boolean(),
  fixedReason: z.string().max(500).optional(),
  /** True where the system's file manager can be opened on it (the desktop app). */
  canShow: z.boolean(),
  /** The folder chosen for the next start, if any. */
  next: NextDataFolder.optional(),
  /** What the person should know about this start: a chosen folder not usable, a move done or failed. */
  notice: z.object({ level: z.enum(['info', 'warning']), message: z.string().max(2000) }).optional(),
})
export type DataFolder = z.infer<typeof DataFolder>

/** A folder the person picked: usable (else the pick is refused), and whether Robodeck data is already there. */
export const PickedDataFolder = z.object({
  path: z.string(),
  /** It already holds Robodeck's data: it would be used as it is, nothing moved. */
  holdsData: z.boolean(),
})
export type PickedDataFolder = z.infer<typeof PickedDataFolder>

/** The one rule of when a launch asks first: a workspace marked as production. */
export const launchNeedsConfirmation = (connection: { production: boolean }): boolean => connection.production
