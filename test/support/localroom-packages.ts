/**
 * Helpers for the robot, task package and managed process tests: a small robot as files or a zip,
 * and clients for a room's API v1 (RC-WSKEY) and management API (signed with the bootstrap credential).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { strToU8, type Zippable, zipSync } from 'fflate'
import type { LocalRoom } from '../../src/localroom/server'
import { signedRequest } from './credential-client'
import { callApi, waitFor } from './localroom'

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

/** API v1 and management clients bound to a room. */
export function roomClients(state: { room: LocalRoom }) {
  const room = () => state.room
  const ws = () => room().workspaceId
  const bootstrap = () => {
    const value = room().bootstrap
    if (!value?.user_credential) throw new Error('the room was started without a bootstrap key')
    return value
  }
  const api = (method: string, path: string, options: Parameters<typeof callApi>[3] = {}) =>
    callApi(room().url, method, path, { key: bootstrap().api_key, ...options })
  const manage = (method: string, path: string, body?: unknown) =>
    signedRequest(room().origin, bootstrap().user_credential as string, method, `/management-v1${path}`, body)
  const waitForEnd = (runId: string) =>
    waitFor(
      async () => {
        const response = await api('GET', `/workspaces/${ws()}/process-runs/${runId}`)
        return ['completed', 'unresolved'].includes(response.body.state) ? response.body : null
      },
      { timeoutMs: 20_000 },
    )
  return { ws, api, manage, waitForEnd }
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
