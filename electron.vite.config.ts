import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import pkg from './package.json'
import {
  CONTENT_SECURITY_POLICY,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
} from './src/shared/content-security-policy'

const src = (path: string) => resolve(__dirname, 'src', path)
// ROBODECK_OUT_DIR builds somewhere other than out/: the test of `npm run dev` uses it, so that the
// dev server's build never replaces the files other tests are running.
const out = (part: string) => resolve(process.env.ROBODECK_OUT_DIR ?? resolve(__dirname, 'out'), part)

/**
 * Vite's dev server injects React Refresh's preamble and the CSS inline, which the renderer's CSP
 * forbids; only the page `npm run dev` serves gets the dev server's policy. Built pages keep the strict one.
 */
const devServerPolicy: Plugin = {
  name: 'robodeck-dev-server-policy',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY),
}

// electron-vite 6 knows Electron up to 44 and would fall back to 44's targets; Electron 45 ships
// Chromium 156 and Node 24 (electron-to-chromium lists the Chromium of each release).
const NODE_TARGET = 'node24'
const CHROME_TARGET = 'chrome156'

export default defineConfig({
  main: {
    // Web mode and the local room run outside Electron, where app.getVersion() does not exist.
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      target: NODE_TARGET,
      outDir: out('main'),
      rollupOptions: {
        // One build emits the Node entry points: the Electron main process, web mode, the standalone
        // local Control Room (which the desktop app also forks as its own process) and robot-entry.
        input: {
          index: src('main/index.ts'),
          web: src('web/index.ts'),
          localroom: src('localroom/cli/cli.ts'),
          // What each `node` robot's utility process starts with (robot-host.ts).
          'robot-entry': src('main/desktop/robot-entry.ts'),
        },
      },
      // conf and electron-store are ESM-only; bundling them keeps the CJS output free of require(esm).
      externalizeDeps: { exclude: ['conf', 'electron-store'] },
    },
  },
  preload: {
    build: {
      // electron-vite wants a Node target here; Node 24's syntax is older than Chromium 156's, so the
      // sandboxed preload (run by the renderer's V8) understands all of it.
      target: NODE_TARGET,
      outDir: out('preload'),
      rollupOptions: { input: { index: src('preload/index.ts') } },
      // A sandboxed preload cannot require node_modules: everything it uses is bundled into one file.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: src('renderer'),
    build: {
      target: CHROME_TARGET,
      outDir: out('renderer'),
      rollupOptions: { input: src('renderer/index.html') },
      minify: true,
    },
    plugins: [react(), devServerPolicy],
  },
})
