/**
 * Web mode's composition root: the same core as the desktop app under plain Node, with the local
 * Control Room in this process, served to a browser. The first stdout line is the URL to open.
 */
import { join } from 'node:path'
import { DataDirInUseError, startLocalRoom } from '../localroom/server'
import { createFileKeyCipher } from '../main/core/cipher'
import { createCore } from '../main/core/core'
import { fixedDataFolder } from '../main/core/data-folder/data-folder'
import { openConfSettingsFile } from '../main/core/settings/conf-settings-file'
import { startTimerGapDetector } from '../main/core/watcher/watch-signals'
import { DATA_DIR_IN_USE_EXIT_CODE } from '../platform/local-room-holder'
import { formatMode, securePrivateDirSync } from '../platform/private-fs'
import { parseWebOptions, WEB_USAGE, type WebOptions } from './options'
import { startWebServer } from './server'

declare const __APP_VERSION__: string | undefined

const WEB_DATA_FOLDER_REASON =
  'Web mode keeps its data in the folder given with --data when it starts (npm run web -- --data DIR).'

async function main(options: WebOptions) {
  // Settings, secrets and run data are the user's alone (0700; on Windows the profile's ACLs).
  const previousMode = securePrivateDirSync(options.dataDir)
  if (previousMode !== null)
    console.error(`made ${options.dataDir} private: it was ${formatMode(previousMode)}, now 0700`)
  const appDir = join(options.dataDir, 'app')
  securePrivateDirSync(appDir)
  const room = await startLocalRoom({
    ...options.room,
    dataDir: join(options.dataDir, 'localroom'),
    issueBootstrapKey: true,
    log: (line) => console.error(`[localroom] ${line}`),
  })
  if (!room.bootstrap) throw new Error('the local Control Room did not issue a key')
  const core = createCore({
    dataDir: appDir,
    cipher: createFileKeyCipher(join(appDir, 'secrets.key')),
    openSettingsFile: openConfSettingsFile,
    onSettingsNotice: (notice) => console.error(`${notice.message} The old file is at ${notice.setAsideAt}.`),
    mode: 'web',
    // Settings shows the --data folder (the app's and the room's), not its app/ subfolder.
    dataFolder: fixedDataFolder(options.dataDir, WEB_DATA_FOLDER_REASON),
    version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev',
    pollIntervalMs: options.pollIntervalMs,
  })
  await core.connectLocalRoom(room.bootstrap)
  core.start()
  // The browser tab is the window; web mode has no powerMonitor, so a late timer stands in for wake.
  core.signals.emit('focus')
  const stopGapDetector = startTimerGapDetector({ signals: core.signals })
  const server = await startWebServer({
    rendererDir: join(__dirname, '../renderer'),
    dispatch: core.dispatch,
    events: core.events,
    host: options.host,
    port: options.port,
  })
  process.stdout.write(`${server.url}\n`)
  console.error(`Robodeck web mode is serving on ${server.origin} (local Control Room at ${room.url})`)

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    stopGapDetector()
    await server.close()
    await core.close()
    await room.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

let options: WebOptions
try {
  options = parseWebOptions(process.argv.slice(2))
} catch (error) {
  console.error(`${(error as Error).message}\n\n${WEB_USAGE}`)
  process.exit(2)
}
main(options).catch((error) => {
  // A room (another web mode, or `npm run localroom`) holds this data dir: say which, and leave it be.
  // Web mode does not join it: that room's key went to whoever started it, and two web modes on one
  // --data would share one settings file.
  if (error instanceof DataDirInUseError) {
    console.error(
      `Robodeck web mode could not start: ${error.message}. Stop that one, or pass another --data.`,
    )
    process.exit(DATA_DIR_IN_USE_EXIT_CODE)
  }
  console.error('Robodeck web mode could not start:', error instanceof Error ? error.message : error)
  process.exit(1)
})
