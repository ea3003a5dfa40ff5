#!/usr/bin/env node
// Runs every test suite that can run on this machine, in order, and ends with one summary line:
// the build once, then vitest (unit + integration), Playwright in Chromium (web mode end to end),
// and Playwright's Electron suite (which reports itself skipped where no Electron binary exists).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules/.bin', name)
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${[command, ...args].map((a) => a.replace(root, '.')).join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** Walks a Playwright JSON report for skipped tests and the reason each gave. */
function skipReasons(suites = [], found = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue
        const note = (t.annotations ?? []).find((a) => a.type === 'skip')?.description
        found.push(`${spec.title}: ${note ?? 'skipped'}`)
      }
    }
    skipReasons(suite.suites, found)
  }
  return found
}

const suites = []
const buildStatus = run('build', bin('electron-vite'), ['build', '--logLevel', 'warn'])
if (buildStatus !== 0) {
  console.error('\nThe build failed, so no test ran.')
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}
const afterBuild = { ROBODECK_SKIP_BUILD: '1' }

for (const file of ['vitest.json', 'e2e.json', 'electron.json']) rmSync(join(results, file), { force: true })

const vitestStatus = run(
  'unit + integration (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(results, 'vitest.json')}`],
  afterBuild,
)
const vitest = readJson(join(results, 'vitest.json'))
// vitest's JSON has no skip reason: name the tests, so a skip is never silent.
const vitestSkipped = (vitest?.testResults ?? []).flatMap((file) =>
  file.assertionResults
    .filter((test) => test.status === 'skipped' || test.status === 'pending' || test.status === 'todo')
    .map((test) => `${file.name.replace(`${root}/`, '')}: ${test.fullName}`),
)
suites.push({
  name: 'unit + integration',
  status: vitestStatus,
  passed: vitest?.numPassedTests ?? 0,
  failed: vitest ? vitest.numFailedTests : 1,
  skipped: (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0),
  reasons: vitestSkipped,
})

for (const [name, config, file] of [
  ['browser (Playwright, Chromium)', 'playwright.config.ts', 'e2e.json'],
  ['electron (Playwright _electron)', 'playwright.electron.config.ts', 'electron.json'],
]) {
  const status = run(name, bin('playwright'), ['test', '-c', config], afterBuild)
  const report = readJson(join(results, file))
  suites.push({
    name,
    status,
    passed: (report?.stats?.expected ?? 0) + (report?.stats?.flaky ?? 0),
    failed: report ? report.stats.unexpected : 1,
    skipped: report?.stats?.skipped ?? 0,
    reasons: skipReasons(report?.suites),
  })
}

console.log('\n=== summary')
let failedSuites = 0
for (const suite of suites) {
  if (suite.status !== 0) failedSuites++
  console.log(
    `${suite.name}: ${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped${suite.status !== 0 ? ` (exit ${suite.status})` : ''}`,
  )
  for (const reason of suite.reasons) console.log(`  skipped: ${reason}`)
}
const total = (key) => suites.reduce((sum, suite) => sum + suite[key], 0)
const failed = Math.max(total('failed'), failedSuites)
console.log(`tests: ${total('passed')} passed, ${failed} failed, ${total('skipped')} skipped`)
process.exit(failed > 0 ? 1 : 0)
