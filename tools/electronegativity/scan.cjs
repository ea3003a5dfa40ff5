// Runs Electronegativity's scanner as a library and prints its findings as JSON on stdout, for
// scripts/security-scan.mjs. Not its CLI: the CLI writes its CSV report with two concurrent
// fs.writeFile calls (the header with flag 'w', the rows with 'a'), and when the header lands
// second it overwrites the rows, so about one scan in six reported a garbled file, losing findings.
//
//   node tools/electronegativity/scan.cjs <folder> <electron version> <report.json>
// (A file, not stdout: Electronegativity prints its own progress lines there.)
const { writeFileSync } = require('node:fs')
require('./offline.cjs')
const run = require('@doyensec/electronegativity/dist/runner.js')

const [input, electronVersion, report] = process.argv.slice(2)
run({
  input,
  customScan: [],
  excludeFromScan: [],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
})
  .then((result) => {
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      location: `${issue.location.line}:${issue.location.column}`,
    }))
    // Files it could not parse: their findings would be missing, so the scan reports them.
    const unparsed = result.errors
      .filter((error) => !error.tolerable)
      .map((error) => ({ file: error.file, message: error.message }))
    writeFileSync(report, JSON.stringify({ findings, unparsed }))
  })
  .catch((error) => {
    console.error(error?.stack ?? String(error))
    process.exitCode = 2
  })
