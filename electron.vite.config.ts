import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import pkg from './package.json'

const src = (path: string) => resolve(__dirname, 'src', path)

/**
 * Vite's dev server injects CSS as inline <style> tags, which the renderer's CSP forbids; only in
 * `npm run dev` is inline style allowed. Built pages keep the strict policy.
 */
const devServerStyles: Plugin = {
  name: 'robodeck-dev-server-styles',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
}

export default defineConfig({
  main: {
    // Web mode and the local room run outside Electron, where app.getVersion() does not exist.
    define: { __APP_VERSION__: JSON.stringify(pkg.version) },
    build: {
      rollupOptions: {
        // One build emits the three Node entry points: the Electron main process, web mode and the
        // standalone local Control Room (which the desktop app also forks as its own process).
        input: {
          index: src('main/index.ts'),
          web: src('web/index.ts'),
          localroom: src('localroom/cli.ts'),
        },
      },
      // conf is ESM-only; bundling it keeps the CJS output free of require(esm).
      externalizeDeps: { exclude: ['conf'] },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: src('preload/index.ts') } },
      // A sandboxed preload cannot require node_modules: everything it uses is bundled into one file.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: src('renderer'),
    build: { rollupOptions: { input: src('renderer/index.html') }, minify: true },
    plugins: [react(), devServerStyles],
  },
})
