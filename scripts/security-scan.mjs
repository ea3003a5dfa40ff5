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

/**
 * Splits Electronegativity's CSV report into records of fields. Quoted fields may hold commas and
 * line breaks (a finding's description can span lines), so records end only at unquoted newlines.
 */
function csvRecords(text) {
  const records = []
  let fields = []
  let field = ''
  let quoted = false
  const endRecord = () => {
    fields.push(field)
    if (fields.some((f) => f !== '')) records.push(fields)
    fields = []
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"'
      i++
    } else if (char === '"') quoted = !quoted
    else if (char === ',' && !quoted) {
      fields.push(field)
      field = ''
    } else if ((char === '\n' || char === '\r') && !quoted) {
      if (char === '\r' && text[i + 1] === '\n') i++
      endRecord()
    } else field += char
  }
  endRecord()
  return records
}

/** Prints every finding and returns how many are HIGH or worse. */
function judge(report) {
  const findings = csvRecords(readFileSync(report, 'utf8'))
    .slice(1)
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
