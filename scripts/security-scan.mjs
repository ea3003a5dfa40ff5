#!/usr/bin/env node
/**
 * `npm run security-scan`: Electronegativity (Electron's security linter) over a source folder,
 * failing on any HIGH finding or any file it could not parse; the others are listed for review.
 * Electronegativity always exits 0, so its findings are what is judged: tools/electronegativity/
 * scan.cjs runs its scanner and writes them as JSON. It lives in tools/electronegativity with its
 * own lockfile (`npm ci --prefix tools/electronegativity`), because it parses TypeScript with
 * TypeScript 4.
 *
 *   node scripts/security-scan.mjs [folder]   (default: src)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const tool = join(root, 'tools/electronegativity')
const cli = join(tool, 'node_modules/@doyensec/electronegativity/dist/runner.js')
// Its scanner as a library (tools/electronegativity/scan.cjs says why not its CLI).
const scanner = join(tool, 'scan.cjs')
const input = resolve(process.argv[2] ?? join(root, 'src'))
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version

if (!existsSync(cli)) {
  console.error('Electronegativity is not installed: run `npm ci --prefix tools/electronegativity` first.')
  process.exit(2) // nothing printed yet that could be lost
}

/** Prints every finding and returns how many are HIGH or worse (or unjudgeable: files not parsed). */
function judge(report) {
  const { findings, unparsed } = JSON.parse(readFileSync(report, 'utf8'))
  for (const f of findings)
    console.log(`${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location} (${f.confidence})`)
  for (const u of unparsed) console.log(`NOT SCANNED   ${u.file}: ${u.message}`)
  const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').length
  console.log(
    `electronegativity: ${findings.length} findings, ${high} HIGH or worse, ${unparsed.length} files not parsed, in ${input.replace(`${root}/`, '')}`,
  )
  return high + unparsed.length
}

const out = mkdtempSync(join(tmpdir(), 'robodeck-scan-'))
try {
  const report = join(out, 'report.json')
  const run = spawnSync(process.execPath, [scanner, input, electronVersion, report], {
    cwd: root,
    encoding: 'utf8',
  })
  // exitCode, not exit(): stdout may be a pipe, and exit() would drop what is still buffered.
  if (run.status !== 0 || !existsSync(report)) {
    console.error(`Electronegativity wrote no report:\n${run.stdout}\n${run.stderr}`)
    process.exitCode = 2
  } else {
    process.exitCode = judge(report) > 0 ? 1 : 0
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
