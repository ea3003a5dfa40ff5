/**
 * Test helpers for the local Control Room: spawn the built CLI (out/main/localroom.js) as a real
 * process, call its API over HTTP, poll, and check response bodies against the official OpenAPI spec.
 */

import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { type Bootstrap, parseBootstrapLine } from '../../src/shared/local-room-bootstrap'

const root = resolve(__dirname, '../..')
/** The built CLI the tests spawn (vitest's global setup builds it). */
export const LOCALROOM_CLI = join(root, 'out/main/localroom.js')

export interface SpawnedLocalRoom {
  bootstrap: Bootstrap
  child: ChildProcess
  dataDir: string
  /** Everything the room wrote to stderr so far (its log). */
  stderr(): string
  /** SIGTERM, then waits for the process to exit (child.exitCode tells how). */
  stop(): Promise<void>
  /** SIGKILL, then waits for the process to exit. */
  kill(): Promise<void>
}

/**
 * Spawns `node out/main/localroom.js --port P --data DIR --print-bootstrap` and resolves with the parsed
 * bootstrap line; rejects with the room's stderr if it exits first. A data dir it creates itself is
 * removed by stop()/kill(); one passed in is left for the caller.
 */
export async function spawnLocalRoom(
  options: { dataDir?: string; port?: number; robotsDir?: string; extraArgs?: readonly string[] } = {},
): Promise<SpawnedLocalRoom> {
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'robodeck-localroom-')))
  const args = [LOCALROOM_CLI, '--port', String(options.port ?? 0), '--data', dataDir, '--print-bootstrap']
  if (options.robotsDir !== undefined) args.push('--robots', options.robotsDir)
  if (options.extraArgs) args.push(...options.extraArgs)
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  // 'close' rather than 'exit': by then stderr has been read to the end.
  const exited = new Promise<void>((done) => child.once('close', () => done()))
  const cleanup = async () => {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    await exited
    await cleanup()
  }

  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })
  const firstLine = new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('no bootstrap line within 20 s')), 20_000)
    lines.once('line', (line) => {
      clearTimeout(timer)
      done(line)
    })
    // stdout closing before a line means the process is exiting: report why, from its stderr.
    lines.once('close', () => {
      clearTimeout(timer)
      fail(new Error('stdout closed before the bootstrap line'))
    })
  })
  try {
    const bootstrap = parseBootstrapLine(await firstLine)
    return {
      bootstrap,
      child,
      dataDir,
      stderr: () => stderr,
      stop: () => signal('SIGTERM'),
      kill: () => signal('SIGKILL'),
    }
  } catch (error) {
    child.kill('SIGKILL')
    await exited
    await cleanup()
    throw new Error(
      `local Control Room did not start (exit ${child.exitCode ?? child.signalCode}): ${(error as Error).message}\n${stderr}`,
    )
  }
}

/** Polls fn until it returns a truthy value and resolves with it; throws after timeoutMs. */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await fn()
      if (value) return value as NonNullable<T>
      last = value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waitFor: condition not met within ${timeoutMs} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      )
    }
    await new Promise((done) => setTimeout(done, intervalMs))
  }
}

export interface ApiResponse {
  status: number
  headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
  body: any
}

/** Calls the room's API: path is relative to the API base (or a full URL, e.g. a `next` link). */
export async function callApi(
  base: string,
  method: string,
  path: string,
  options: {
    key?: string
    authorization?: string
    body?: unknown
    rawBody?: string
    contentType?: string
  } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = {}
  if (options.authorization !== undefined) headers.authorization = options.authorization
  else if (options.key !== undefined) headers.authorization = `RC-WSKEY ${options.key}`
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json'
  const response = await fetch(path.startsWith('http') ? path : `${base}${path}`, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // Left as text: the test will say what it expected.
  }
  return { status: response.status, headers: response.headers, body: parsed }
}

// --- OpenAPI response checks -------------------------------------------------------------------

/** The official spec, kept outside the repository (never copied into it). */
export const SPEC_PATH = resolve(root, '../shared/reference/controlroom-openapi-2023-10.json')
export const specExists = existsSync(SPEC_PATH)
/** Why a spec check is skipped where ../shared is absent (a developer's clone, GitHub's runners). */
export const SPEC_SKIP_REASON = `needs the official spec at ${SPEC_PATH} (../shared is absent)`
/**
 * Where the spec should be, a missing one is a broken checkout, not a reason to skip: next to a
 * ../shared folder (the machines this project is built on), or wherever ROBODECK_REQUIRE_SPEC=1 says
 * so. A bare clone (GitHub's runners, CI set or not) has no ../shared and reports the checks skipped.
 */
export function specMissingError(
  env: Record<string, string | undefined> = process.env,
  sharedExists = existsSync(resolve(root, '../shared')),
  exists = specExists,
): Error | undefined {
  if (exists) return undefined
  if (sharedExists)
    return new Error(`../shared exists but the official spec is missing: ${SPEC_PATH}. Restore it.`)
  if (env.ROBODECK_REQUIRE_SPEC === '1')
    return new Error(`ROBODECK_REQUIRE_SPEC=1 but the official spec is missing: ${SPEC_PATH}`)
  return undefined
}
const specMissing = specMissingError()
if (specMissing) throw specMissing

type Schema = { [key: string]: unknown }
let spec: Schema | undefined

function loadSpec(): Schema {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Schema
  return spec
}

/** The response schema the spec declares for an operation (path as in the spec, e.g. /workspaces/{workspace_id}). */
export function specResponseSchema(method: string, path: string, status: number): Schema {
  const paths = loadSpec().paths as Record<string, Record<string, Schema>>
  const operation = paths[path]?.[method.toLowerCase()]
  const responses = operation?.responses as Record<string, Schema> | undefined
  const content = responses?.[String(status)]?.content as Record<string, Schema> | undefined
  const schema = content?.['application/json']?.schema as Schema | undefined
  if (!schema) throw new Error(`the spec has no JSON ${status} response for ${method} ${path}`)
  return schema
}

/**
 * Validates value against an OpenAPI 3.0 schema and returns the problems (empty when valid).
 * Hand-written for the subset the spec uses ($ref, nullable, type, required, properties, items, enum,
 * oneOf, date-time/url formats): ajv is not a direct dependency and does not read OpenAPI's nullable.
 */
export function validateAgainstSpec(schema: Schema, value: unknown, at = '$'): string[] {
  if (value === null)
    return schema.nullable === true || schemaAllowsNull(schema) ? [] : [`${at}: null is not allowed`]
  if (typeof schema.$ref === 'string') return validateAgainstSpec(resolveRef(schema.$ref), value, at)
  if (Array.isArray(schema.oneOf)) {
    const matches = (schema.oneOf as Schema[]).filter(
      (option) => validateAgainstSpec(option, value, at).length === 0,
    )
    return matches.length === 1
      ? []
      : [`${at}: matches ${matches.length} of the oneOf options, expected exactly 1`]
  }
  const problems: string[] = []
  const type = schema.type as string | undefined
  if (type && !hasType(value, type))
    return [`${at}: expected ${type}, got ${JSON.stringify(value)?.slice(0, 60)}`]
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    problems.push(`${at}: ${JSON.stringify(value)} not in enum`)
  if (schema.format === 'date-time' && (typeof value !== 'string' || !ISO_DATE_TIME.test(value))) {
    problems.push(`${at}: ${JSON.stringify(value)} is not an ISO-8601 date-time`)
  }
  if (
    (schema.format === 'url' || schema.format === 'uri') &&
    typeof value === 'string' &&
    !URL.canParse(value)
  ) {
    problems.push(`${at}: ${JSON.stringify(value)} is not a URL`)
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in record)) problems.push(`${at}.${name}: required`)
    }
    for (const [name, sub] of Object.entries(
      (schema.properties as Record<string, Schema> | undefined) ?? {},
    )) {
      if (name in record) problems.push(...validateAgainstSpec(sub, record[name], `${at}.${name}`))
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => {
      problems.push(...validateAgainstSpec(schema.items as Schema, item, `${at}[${index}]`))
    })
  }
  return problems
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

function schemaAllowsNull(schema: Schema): boolean {
  if (typeof schema.$ref === 'string') return resolveRef(schema.$ref).nullable === true
  // An unconstrained schema (`items: {}`) accepts anything, null included.
  return schema.type === undefined && schema.oneOf === undefined && schema.enum === undefined
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value)
  if (type === 'array') return Array.isArray(value)
  if (type === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value)
  return typeof value === type
}

function resolveRef(ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`)
  let node: unknown = loadSpec()
  for (const part of ref.slice(2).split('/')) {
    node = (node as Schema)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`)
  }
  return node as Schema
}

/** The same signed link with one character of its signature changed (never to the same character). */
export function tamperSignature(link: string): string {
  const url = new URL(link)
  const signature = url.searchParams.get('signature') ?? ''
  url.searchParams.set('signature', `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`)
  return url.toString()
}
