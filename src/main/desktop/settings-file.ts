/** The desktop app's settings file: electron-store, in the folder the app passes (its userData). */
import ElectronStore from 'electron-store'
import type { OpenSettingsFile } from '../core/settings/settings'

export const openElectronStoreSettingsFile: OpenSettingsFile = ({ configName, ...options }) =>
  new ElectronStore<Record<string, unknown>>({ ...options, name: configName })
