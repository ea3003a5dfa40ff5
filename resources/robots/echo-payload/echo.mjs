// Echo payload: prints each input work item's payload and passes it on unchanged as an output work item.
// Work items follow the robocorp-workitems file adapter: RC_WORKITEM_INPUT_PATH is a JSON list of
// {"payload", "files"}, and the outputs are written as the same kind of list to RC_WORKITEM_OUTPUT_PATH.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const inputPath = process.env.RC_WORKITEM_INPUT_PATH
const outputPath = process.env.RC_WORKITEM_OUTPUT_PATH
const artifactsDir = process.env.ROBOT_ARTIFACTS ?? 'output'

// Run by hand (no Control Room), the robot gets one empty item, as the file adapter does.
const inputs = inputPath ? JSON.parse(readFileSync(inputPath, 'utf8')) : [{ payload: null, files: {} }]
if (!Array.isArray(inputs)) {
  console.error('Input work items file is not a JSON list')
  process.exit(1)
}

console.log(`Echo payload: ${inputs.length} input work item${inputs.length === 1 ? '' : 's'}`)
const outputs = inputs.map((item, index) => {
  const payload = item?.payload ?? null
  console.log(`Item ${index + 1}: ${JSON.stringify(payload)}`)
  return { payload, files: {} }
})

if (outputPath) {
  mkdirSync(dirname(outputPath), { recursive: true })
  writeFileSync(outputPath, JSON.stringify(outputs, null, 2))
}
mkdirSync(artifactsDir, { recursive: true })
writeFileSync(join(artifactsDir, 'echo.json'), JSON.stringify(outputs, null, 2))
console.log('Done')
