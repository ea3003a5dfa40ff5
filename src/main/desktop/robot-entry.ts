/**
 * The entry point of a `node` robot that the desktop app runs as a utility process (robot-host.ts):
 * `robot-entry.js <script> [args...]`. It runs the robot's script as the main module, as
 * `node <script> [args...]` would, then ends the process the way Node does: once nothing is left
 * to do. An Electron utility process does not end by itself when its event loop empties
 * (electron/electron#47228; Electron's own tests end theirs with process.exit()), so without this
 * every robot that simply finishes would run on until its step timed out.
 */

import Module from 'node:module'
import { countResources, exitWhenIdle } from './robot-exit'

function main(): void {
  const [script, ...args] = process.argv.slice(2)
  if (!script) {
    process.stderr.write('robot-entry: no robot script given\n')
    process.exit(2)
  }
  // What the robot sees is what `node <script> [args...]` gives it.
  process.argv.splice(1, process.argv.length - 1, script, ...args)
  // Node lists stdout and stderr among the active resources once they exist, though they keep no
  // process alive: made now, they are part of the baseline rather than taken for the robot's work.
  void process.stdout
  void process.stderr
  const baseline = countResources(process.getActiveResourcesInfo())
  exitWhenIdle({
    baseline,
    active: () => process.getActiveResourcesInfo(),
    beforeExit: () => process.emit('beforeExit', Number(process.exitCode ?? 0)),
    exit: () => process.exit(),
  })
  // As the main module (require.main for CommonJS, the ESM loader for .mjs), like `node <script>`.
  Module.runMain(script)
}

main()
