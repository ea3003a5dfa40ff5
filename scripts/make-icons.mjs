#!/usr/bin/env node
// Draws Robodeck's icons (app icon and tray icons) as PNG files, so they are reproducible from code
// rather than binary blobs with no source. Run: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { deflateSync } from 'node:zlib'

const root = resolve(import.meta.dirname, '..')

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** Encodes an RGBA pixel function as a PNG. */
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size)
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const inRoundedSquare = (x, y, inset, radius) => {
  const dx = Math.max(inset + radius - x, 0, x - (1 - inset - radius))
  const dy = Math.max(inset + radius - y, 0, y - (1 - inset - radius))
  return dx * dx + dy * dy <= radius * radius
}

// Three stacked cards (a deck) with a play triangle: "runs, launched from a deck".
function appIcon(x, y) {
  if (!inRoundedSquare(x, y, 0.04, 0.2)) return [0, 0, 0, 0]
  const cards = [0.3, 0.45, 0.6]
  for (const [i, top] of cards.entries()) {
    if (x > 0.22 + i * 0.04 && x < 0.78 - i * 0.04 && y > top && y < top + 0.08)
      return [255, 255, 255, 140 + i * 50]
  }
  const inPlay = x > 0.42 && x < 0.62 && Math.abs(y - 0.82) < (0.62 - x) * 0.55
  if (inPlay) return [255, 255, 255, 255]
  const t = y
  return [Math.round(37 + 20 * t), Math.round(99 - 30 * t), Math.round(235 - 40 * t), 255]
}

// Three stacked cards, in one colour: dark grey reads on light and dark panels (Windows, Linux).
const trayShape = (x, y) =>
  [0.18, 0.42, 0.66].some((top, i) => x > 0.12 + i * 0.06 && x < 0.88 - i * 0.06 && y > top && y < top + 0.16)
const trayIcon = (x, y) => (trayShape(x, y) ? [40, 40, 40, 255] : [0, 0, 0, 0])
// macOS template image: black and alpha only; the menu bar tints it for light and dark mode. The
// `Template` suffix is how Electron (and AppKit) know it is one.
const trayTemplate = (x, y) => (trayShape(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0])

// The tray's state badges, in the bottom-right corner: a filled dot for "a run failed", a ring for
// "running". Red and blue on Windows and Linux; black (tinted by the menu bar) in the templates.
const badge = (x, y, filled) => {
  const d = Math.hypot(x - 0.78, y - 0.78)
  return filled ? d < 0.22 : d < 0.22 && d > 0.12
}
const withBadge = (icon, filled, colour) => (x, y) => {
  if (badge(x, y, filled)) return colour
  // A clear gap around the badge so it reads against the cards.
  if (Math.hypot(x - 0.78, y - 0.78) < 0.3) return [0, 0, 0, 0]
  return icon(x, y)
}
const trayStates = {
  failure: { filled: true, colour: [220, 38, 38, 255] },
  running: { filled: false, colour: [37, 99, 235, 255] },
}

writeFileSync(join(root, 'build/icon.png'), png(512, appIcon))
writeFileSync(join(root, 'resources/icon.png'), png(256, appIcon))
writeFileSync(join(root, 'resources/tray-icon.png'), png(16, trayIcon))
writeFileSync(join(root, 'resources/tray-icon@2x.png'), png(32, trayIcon))
writeFileSync(join(root, 'resources/tray-iconTemplate.png'), png(16, trayTemplate))
writeFileSync(join(root, 'resources/tray-iconTemplate@2x.png'), png(32, trayTemplate))
for (const [state, { filled, colour }] of Object.entries(trayStates)) {
  const plain = withBadge(trayIcon, filled, colour)
  const template = withBadge(trayTemplate, filled, [0, 0, 0, 255])
  writeFileSync(join(root, `resources/tray-icon-${state}.png`), png(16, plain))
  writeFileSync(join(root, `resources/tray-icon-${state}@2x.png`), png(32, plain))
  writeFileSync(join(root, `resources/tray-icon-${state}Template.png`), png(16, template))
  writeFileSync(join(root, `resources/tray-icon-${state}Template@2x.png`), png(32, template))
}
console.log(
  'wrote build/icon.png, resources/icon.png and resources/tray-icon{,-running,-failure}{,Template}{,@2x}.png',
)
