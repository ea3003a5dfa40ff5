#!/usr/bin/env node
/**
 * `npm run security-scan`: Electronegativity (Electron's security linter) over a source folder,
 * failing on any HIGH finding; the others are listed for review. Electronegativity always exits 0,
 * so its CSV report is what is judged. It lives in tools/electronegativity with its own lockfile
 * (`npm ci --prefix tools/electronegativity`), because it parses TypeScript with TypeScript 4.
 *
 *   node scripts/security-scan.mjs [folder]   (default: src)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const tool = join(root, 'tools/electronegativity')
const cli = join(tool, 'node_modules/@doyensec/electronegativity/dist/index.js')
const input = resolve(process.argv[2] ?? join(root, 'src'))
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version

if (!existsSync(cli)) {
  console.error('Electronegativity is not installed: run `npm ci --prefix tools/electronegativity` first.')
  process.exit(2) // nothing printed yet that could be lost
}

/** Splits one CSV line of Electronegativity's report (quoted fields may hold commas). */
function csvFields(line) {
  const fields = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quoted && char === '"' && line[i + 1] === '"') {
      field += '"'
      i++
    } else if (char === '"') quoted = !quoted
    else if (char === ',' && !quoted) {
      fields.push(field)
      field = ''
    } else field += char
  }
  fields.push(field)
  return fields
}

/** Prints every finding and returns how many are HIGH or worse. */
function judge(report) {
  const findings = readFileSync(report, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map(csvFields)
    .map(([check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }))
  for (const f of findings)
    console.log(`${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location} (${f.confidence})`)
  const high = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').length
  console.log(
    `electronegativity: ${findings.length} findings, ${high} HIGH or worse, in ${input.replace(`${root}/`, '')}`,
  )
  return high
}

const out = mkdtempSync(join(tmpdir(), 'robodeck-scan-'))
try {
  const report = join(out, 'report.csv')
  const args = ['-r', join(tool, 'offline.cjs'), cli, '-i', input, '-r', '-v', 'false', '-e', electronVersion]
  const run = spawnSync(process.execPath, [...args, '-o', report], { cwd: root, encoding: 'utf8' })
  // exitCode, not exit(): stdout may be a pipe, and exit() would drop what is still buffered.
  if (!existsSync(report)) {
    console.error(`Electronegativity wrote no report:\n${run.stdout}\n${run.stderr}`)
    process.exitCode = 2
  } else {
    process.exitCode = judge(report) > 0 ? 1 : 0
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
