// Flaky items: processes each input work item and fails some with a business exception, the way a
// robot using robocorp-workitems calls `item.fail("BUSINESS", code, message)`. Node builtins only.
//
// Which items fail is deterministic: when any item has a boolean "fail", exactly the items with
// "fail": true; otherwise every third item (the 3rd, 6th, ...). A single input item whose payload
// has an "items" list is processed element by element instead, with the same rule over the elements.
//
// Work items follow the robocorp-workitems file adapter (RC_WORKITEM_INPUT_PATH /
// RC_WORKITEM_OUTPUT_PATH). Successful items become output work items. Failed input items are
// released through the Robodeck release file named by RC_WORKITEM_RELEASE_PATH: a JSON list of
// {"index", "state": "FAILED", "exception": {"type": "BUSINESS", "code", "message"}}, where index is
// the item's position in the input list. The robot itself exits 0: business exceptions are the
// items' failures, not the robot's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const inputPath = process.env.RC_WORKITEM_INPUT_PATH
const outputPath = process.env.RC_WORKITEM_OUTPUT_PATH
const releasePath = process.env.RC_WORKITEM_RELEASE_PATH
const artifactsDir = process.env.ROBOT_ARTIFACTS ?? 'output'
const CODE = 'FLAKY_ITEM'

const inputs = inputPath ? JSON.parse(readFileSync(inputPath, 'utf8')) : [{ payload: null, files: {} }]
if (!Array.isArray(inputs)) {
  console.error('Flaky items: the input work items file is not a JSON list')
  process.exit(1)
}

// One work item carrying a list: its elements are the units of work.
const nested = inputs.length === 1 && Array.isArray(inputs[0]?.payload?.items)
const units = nested
  ? inputs[0].payload.items.map((payload, n) => ({ payload, input: 0, label: `element ${n + 1}` }))
  : inputs.map((item, n) => ({ payload: item?.payload ?? null, input: n, label: `item ${n + 1}` }))
const explicit = units.some((unit) => typeof unit.payload?.fail === 'boolean')
const fails = (unit, n) => (explicit ? unit.payload?.fail === true : (n + 1) % 3 === 0)

console.log(`Flaky items: ${units.length} ${nested ? 'elements of one work item' : 'work items'}`)
const outputs = []
const failures = new Map() // input index -> messages
units.forEach((unit, n) => {
  if (fails(unit, n)) {
    const why = explicit ? 'its payload says "fail": true' : 'every third item fails'
    const message = `${unit.label} failed with a business exception (${CODE}): ${why}`
    console.log(`FAILED ${message}`)
    failures.set(unit.input, [...(failures.get(unit.input) ?? []), message])
    return
  }
  console.log(`OK ${unit.label}: ${JSON.stringify(unit.payload)}`)
  const payload =
    unit.payload && typeof unit.payload === 'object' && !Array.isArray(unit.payload)
      ? { ...unit.payload, processed: true }
      : { value: unit.payload, processed: true }
  outputs.push({ payload, files: {} })
})

const releases = [...failures].map(([index, messages]) => ({
  index,
  state: 'FAILED',
  exception: { type: 'BUSINESS', code: CODE, message: messages.join('; ').slice(0, 1000) },
}))
if (releases.length > 0) {
  if (releasePath) {
    mkdirSync(dirname(releasePath), { recursive: true })
    writeFileSync(releasePath, JSON.stringify(releases, null, 2))
  } else {
    console.log('RC_WORKITEM_RELEASE_PATH is not set: the failures above are only reported here')
  }
}
if (outputPath) {
  mkdirSync(dirname(outputPath), { recursive: true })
  writeFileSync(outputPath, JSON.stringify(outputs, null, 2))
}
mkdirSync(artifactsDir, { recursive: true })
writeFileSync(
  join(artifactsDir, 'flaky-summary.json'),
  JSON.stringify({ processed: units.length, succeeded: outputs.length, failed: releases }, null, 2),
)
console.log(`Flaky items: ${outputs.length} succeeded, ${units.length - outputs.length} failed`)
