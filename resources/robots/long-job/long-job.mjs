// Long job: prints one progress line a second ("Progress 5/60 (8%)") for payload.seconds seconds
// (default 60, at most 86400), then writes output/summary.json and one output work item. On SIGTERM
// (a stop from the Control Room) it prints "Stopping at 12/60", still writes its summary, and exits
// 143 (128 + SIGTERM), as a shell does for a process ended by SIGTERM. Node builtins only.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const inputPath = process.env.RC_WORKITEM_INPUT_PATH
const outputPath = process.env.RC_WORKITEM_OUTPUT_PATH
const artifactsDir = process.env.ROBOT_ARTIFACTS ?? 'output'

const inputs = inputPath ? JSON.parse(readFileSync(inputPath, 'utf8')) : [{ payload: null, files: {} }]
const payload = (Array.isArray(inputs) ? inputs[0]?.payload : null) ?? {}
const seconds = payload.seconds ?? 60
if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
  console.error(`Long job: "seconds" must be a whole number from 0 to 86400 (got ${JSON.stringify(seconds)})`)
  process.exit(1)
}

const startedAt = Date.now()
let done = 0
function summarize(stopped) {
  const summary = { seconds, completed_steps: done, stopped, elapsed_ms: Date.now() - startedAt }
  mkdirSync(artifactsDir, { recursive: true })
  writeFileSync(join(artifactsDir, 'summary.json'), JSON.stringify(summary, null, 2))
  return summary
}

// A stop ends the current wait at once; the loop then winds down. Exiting through exitCode rather
// than process.exit() lets the last lines reach a piped console.
let stopped = false
let timer
let wake = () => {}
process.on('SIGTERM', () => {
  stopped = true
  clearTimeout(timer)
  wake()
})

console.log(`Long job: ${seconds} second${seconds === 1 ? '' : 's'}`)
// Ticks against the start time, so that a slow machine does not stretch the job.
while (done < seconds && !stopped) {
  const next = startedAt + (done + 1) * 1000
  await new Promise((resolve) => {
    wake = resolve
    timer = setTimeout(resolve, Math.max(0, next - Date.now()))
  })
  if (stopped) break
  done++
  console.log(`Progress ${done}/${seconds} (${Math.floor((done * 100) / seconds)}%)`)
}
if (stopped) {
  console.log(`Stopping at ${done}/${seconds}`)
  summarize(true)
  process.exitCode = 143
} else {
  const summary = summarize(false)
  if (outputPath) {
    mkdirSync(dirname(outputPath), { recursive: true })
    writeFileSync(outputPath, JSON.stringify([{ payload: summary, files: {} }], null, 2))
  }
  console.log('Long job: done')
}
