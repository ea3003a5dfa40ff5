/**
 * Helpers for the robot, task package and managed process tests: a small robot as files or a zip,
 * and bytes sent to a signed link. The room and its API clients come from room-fixture.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { strToU8, type Zippable, zipSync } from 'fflate'

/** A robot that greets each input payload's `name` in an output item and writes output/greeting.txt. */
export const GREETER_FILES: Record<string, string> = {
  'robot.yaml':
    'tasks:\n  Greet:\n    shell: node greet.mjs\nartifactsDir: output\ncondaConfigFile: conda.yaml\n',
  'greet.mjs': `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
const items = JSON.parse(readFileSync(process.env.RC_WORKITEM_INPUT_PATH, 'utf8'))
const out = items.map((item) => ({ payload: { greeting: 'hello ' + (item.payload?.name ?? 'nobody') }, files: {} }))
console.log('greeted ' + out.length)
mkdirSync(process.env.ROBOT_ARTIFACTS, { recursive: true })
writeFileSync(process.env.ROBOT_ARTIFACTS + '/greeting.txt', out.map((o) => o.payload.greeting).join('\\n'))
writeFileSync(process.env.RC_WORKITEM_OUTPUT_PATH, JSON.stringify(out))
`,
  'conda.yaml': 'dependencies: []\n',
  'lib/notes.txt': 'not needed to run\n',
}

/** A zip of files (paths with `/`), optionally wrapped in one top-level folder as rcc does. */
export function zipOf(files: Record<string, string>, wrapper = ''): Uint8Array {
  const entries: Zippable = {}
  for (const [path, text] of Object.entries(files)) entries[`${wrapper}${path}`] = strToU8(text)
  return zipSync(entries)
}

/** Writes files under root. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
}

/** Sends bytes to a signed link. */
export async function sendBytes(
  url: string,
  method: 'PUT' | 'POST',
  body: Uint8Array | string,
  contentType: string | null = 'application/zip',
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType }
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // Left as text.
  }
  return { status: response.status, body: parsed }
}
