/** Web mode's settings file: conf on a plain JSON file, the store electron-store is built on. */
import Conf from 'conf'
import type { OpenSettingsFile } from './settings'

export const openConfSettingsFile: OpenSettingsFile = (options) => new Conf<Record<string, unknown>>(options)
