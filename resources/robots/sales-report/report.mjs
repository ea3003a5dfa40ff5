// Sales report: turns each input work item's sales figures into a CSV and a bar chart (PNG), and
// passes the totals on as an output work item. Node builtins only, so it runs on the Node that runs
// the local Control Room. Work items follow the robocorp-workitems file adapter
// (RC_WORKITEM_INPUT_PATH / RC_WORKITEM_OUTPUT_PATH: JSON lists of {"payload", "files"}).
//
// Payload: {"region": "North", "sales": [{"month": "Jan", "amount": 1200}, ...]}. Without "sales"
// (e.g. an empty payload) the robot reports DEFAULT_SALES, an example year of region "Example".
// Amounts are non-negative numbers; a bad payload stops the robot with a message and exit code 1.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { deflateSync } from 'node:zlib'

const DEFAULT_REGION = 'Example'
const DEFAULT_SALES = [
  ['Jan', 1200],
  ['Feb', 1350],
  ['Mar', 980],
  ['Apr', 1610],
  ['May', 1720],
  ['Jun', 1480],
  ['Jul', 1390],
  ['Aug', 1550],
  ['Sep', 1830],
  ['Oct', 2010],
  ['Nov', 2240],
  ['Dec', 2600],
].map(([month, amount]) => ({ month, amount }))

const inputPath = process.env.RC_WORKITEM_INPUT_PATH
const outputPath = process.env.RC_WORKITEM_OUTPUT_PATH
const artifactsDir = process.env.ROBOT_ARTIFACTS ?? 'output'

/** A problem with the input, reported as a message a person can act on (and exit code 1). */
class InputError extends Error {}
function fail(message) {
  throw new InputError(message)
}

/** Checks a payload and returns {region, sales}, or fails with what is wrong. */
function readPayload(payload, index) {
  const where = `work item ${index + 1}`
  if (payload === null || payload === undefined) return { region: DEFAULT_REGION, sales: DEFAULT_SALES }
  if (typeof payload !== 'object' || Array.isArray(payload))
    fail(`${where}: the payload must be a JSON object`)
  const region = payload.region ?? (payload.sales === undefined ? DEFAULT_REGION : 'All regions')
  if (typeof region !== 'string' || region.trim() === '') fail(`${where}: "region" must be a non-empty text`)
  if (payload.sales === undefined) return { region, sales: DEFAULT_SALES }
  if (!Array.isArray(payload.sales) || payload.sales.length === 0)
    fail(`${where}: "sales" must be a non-empty list of {"month", "amount"}`)
  if (payload.sales.length > 240) fail(`${where}: "sales" has more than 240 entries`)
  const sales = payload.sales.map((entry, n) => {
    if (typeof entry?.month !== 'string' || entry.month.trim() === '')
      fail(`${where}: sales[${n}].month must be a non-empty text`)
    if (typeof entry.amount !== 'number' || !Number.isFinite(entry.amount) || entry.amount < 0)
      fail(
        `${where}: sales[${n}].amount must be a number of at least 0 (got ${JSON.stringify(entry.amount)})`,
      )
    return { month: entry.month, amount: entry.amount }
  })
  return { region, sales }
}

const csvField = (value) =>
  /[",\r\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value)
const round2 = (n) => Math.round(n * 100) / 100

/** The report as CSV: one row per month with its share of the total, then the total. */
function toCsv(region, sales, total) {
  const rows = [['region', 'month', 'amount', 'share_percent']]
  for (const { month, amount } of sales)
    rows.push([region, month, amount, total > 0 ? ((amount / total) * 100).toFixed(1) : '0.0'])
  rows.push([region, 'Total', round2(total), '100.0'])
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}

// --- A minimal PNG encoder: 8-bit RGB, no interlace, one IDAT compressed with node:zlib. ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'ascii')
  data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
function encodePng(width, height, pixels) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // bit depth 8, colour type RGB, deflate, filter 0, no interlace
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++)
    pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Draws the sales as a bar chart with axes and grid lines; returns PNG bytes. */
function drawChart(sales, width = 640, height = 360) {
  const pixels = Buffer.alloc(width * height * 3, 0xff)
  const fill = (x0, y0, x1, y1, [r, g, b]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++)
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) pixels.set([r, g, b], (y * width + x) * 3)
  }
  const left = 48
  const right = width - 24
  const top = 24
  const bottom = height - 40
  const max = Math.max(...sales.map((s) => s.amount), 1)
  for (let line = 1; line <= 4; line++) {
    const y = Math.round(bottom - ((bottom - top) * line) / 4)
    fill(left, y, right, y + 1, [0xdd, 0xdd, 0xdd])
  }
  const slot = (right - left) / sales.length
  const barWidth = Math.max(1, Math.floor(slot * 0.7))
  sales.forEach(({ amount }, n) => {
    const x = Math.round(left + n * slot + (slot - barWidth) / 2)
    const barHeight = Math.round(((bottom - top) * amount) / max)
    fill(x, bottom - barHeight, x + barWidth, bottom, n % 2 ? [0x3b, 0x82, 0xf6] : [0x25, 0x63, 0xeb])
    fill(
      x + Math.floor(barWidth / 2),
      bottom,
      x + Math.floor(barWidth / 2) + 1,
      bottom + 6,
      [0x33, 0x33, 0x33],
    )
  })
  fill(left - 2, top, left, bottom + 2, [0x33, 0x33, 0x33]) // y axis
  fill(left - 2, bottom, right, bottom + 2, [0x33, 0x33, 0x33]) // x axis
  return encodePng(width, height, pixels)
}

try {
  let inputs = [{ payload: null, files: {} }] // run by hand: one empty item, as the file adapter does
  if (inputPath) {
    try {
      inputs = JSON.parse(readFileSync(inputPath, 'utf8'))
    } catch (error) {
      fail(`cannot read the input work items: ${error.message}`)
    }
  }
  if (!Array.isArray(inputs)) fail('the input work items file is not a JSON list')

  mkdirSync(artifactsDir, { recursive: true })
  const outputs = inputs.map((item, index) => {
    const { region, sales } = readPayload(item?.payload, index)
    const total = round2(sales.reduce((sum, s) => sum + s.amount, 0))
    const best = sales.reduce((a, b) => (b.amount > a.amount ? b : a))
    const suffix = index === 0 ? '' : `-${index + 1}`
    const csvName = `sales-report${suffix}.csv`
    const chartName = `sales-chart${suffix}.png`
    writeFileSync(join(artifactsDir, csvName), toCsv(region, sales, total))
    writeFileSync(join(artifactsDir, chartName), drawChart(sales))
    console.log(`${region}: ${sales.length} months, total ${total}, best ${best.month} (${best.amount})`)
    console.log(`Wrote ${csvName} and ${chartName}`)
    return {
      payload: {
        region,
        total,
        months: sales.length,
        average: round2(total / sales.length),
        best_month: best.month,
        best_amount: best.amount,
        report: csvName,
        chart: chartName,
      },
      files: {},
    }
  })

  if (outputPath) {
    mkdirSync(dirname(outputPath), { recursive: true })
    writeFileSync(outputPath, JSON.stringify(outputs, null, 2))
  }
  console.log(`Sales report: done (${outputs.length} report${outputs.length === 1 ? '' : 's'})`)
} catch (error) {
  if (!(error instanceof InputError)) throw error
  console.error(`Sales report: ${error.message}`)
  // exitCode rather than process.exit(): the message must reach a piped console first.
  process.exitCode = 1
}
