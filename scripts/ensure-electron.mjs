#!/usr/bin/env node
/**
 * `npm run electron:install`: fetches the Electron binary with Electron's own installer where it is
 * missing (packaging and the Electron test suite need it). Exits 1 with the reason where it cannot.
 */
import { resolve } from 'node:path'
import { ensureElectron } from './lib/electron-binary.mjs'

const electron = await ensureElectron(resolve(import.meta.dirname, '..'), {
  onDownload: (version) => console.error(`Downloading Electron ${version} (about 100 MB, once)…`),
})
if (electron.path) {
  console.log(electron.path)
} else {
  console.error(`No Electron binary: ${electron.reason}.`)
  process.exit(1)
}
