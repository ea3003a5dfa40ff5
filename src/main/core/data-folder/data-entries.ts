/**
 * Which names in a data folder are Robodeck's. In the desktop app the default data folder is
 * Electron's userData, which Chromium shares (its caches, its local storage), so a move takes
 * these names and nothing else. A test runs a real core and fails when it writes a name not here.
 */
import { readdir } from 'node:fs/promises'

/** What the core and the local room keep at the top of the data folder. */
export const DATA_ENTRIES = [
  'settings.json', // the settings document (and `settings.json.unusable-…`, one set aside)
  'secrets.json', // the vault
  'connections.json', // the settings of an older version, read once and migrated
  'watch-state.json', // what the watcher saw and announced
  'webhook-inbox.sqlite', // the webhook inbox (and its -wal and -shm)
  'localroom', // the local Control Room's folder: its database, robots, run files
] as const

/** Whether a name is one of the entries, or a file SQLite or a safe write keeps beside one. */
export function isDataEntry(name: string): boolean {
  return DATA_ENTRIES.some(
    (entry) => name === entry || name.startsWith(`${entry}.`) || name.startsWith(`${entry}-`),
  )
}

/** Robodeck's entries in a folder, by name (none when the folder does not exist). */
export async function dataEntriesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter(isDataEntry).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
