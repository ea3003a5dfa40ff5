/**
 * Generates the route tables of docs/compatibility.md from a running room's route list
 * (defineRoute's registry) joined with the official spec's operations, plus hand-written notes
 * from docs/compatibility-notes.json (one entry per operationId, one line each, so parallel edits
 * merge). Only the regions between the generated markers change; the rest of the document is
 * hand-written. `npm run compat` rewrites the file; test/integration/docs/compatibility-doc.test.ts
 * fails when it differs from what this produces.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { API_PREFIX } from '../../src/localroom/context'
import { openApiPath } from '../../src/localroom/http/openapi'
import type { DeclaredRoute } from '../../src/localroom/http/route-definition'
import { SPEC_PATH } from './localroom'

const root = resolve(__dirname, '../..')
export const COMPATIBILITY_DOC = join(root, 'docs/compatibility.md')
export const COMPATIBILITY_NOTES = join(root, 'docs/compatibility-notes.json')
/** The spec's operations (id, method, path, permission) only: what the table needs where ../shared is absent. */
export const VENDORED_OPERATIONS = join(root, 'test/support/controlroom-spec-operations.json')

/** One operation of the official spec. */
export interface SpecOperation {
  operationId: string
  method: string
  /** As the spec writes it, e.g. /workspaces/{workspace_id}/processes */
  path: string
  /** The spec's permission, or null where it lists none. */
  permission: string | null
}

const WORKSPACE = '/workspaces/{workspace_id}'
const METHODS = ['get', 'post', 'put', 'patch', 'delete']

/** The spec's operations in its order, from the spec where ../shared has it, else the vendored subset. */
export function loadSpecOperations(): { operations: SpecOperation[]; fromSpec: boolean } {
  if (!existsSync(SPEC_PATH))
    return { operations: JSON.parse(readFileSync(VENDORED_OPERATIONS, 'utf8')), fromSpec: false }
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>>
  }
  const operations: SpecOperation[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method]
      if (!operation?.operationId) continue
      const scopes = Object.values(operation.security?.[0] ?? {})[0] ?? []
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        permission: scopes[0] ?? null,
      })
    }
  }
  return { operations, fromSpec: true }
}

/** The hand-written notes, by operationId. */
export function loadNotes(): Record<string, string> {
  return JSON.parse(readFileSync(COMPATIBILITY_NOTES, 'utf8')) as Record<string, string>
}

/** What the room does with a spec operation, read from its declared routes. */
function statusOf(routes: readonly DeclaredRoute[], operationId: string): string {
  const route = routes.find((r) => r.prefix === API_PREFIX && r.spec.operationId === operationId)
  if (!route) return 'not served'
  return route.spec.errors?.includes(501) ? '501' : 'implemented'
}

function authOf(route: DeclaredRoute): string {
  const auth = route.spec.auth ?? 'api-key'
  if (auth === 'api-key' || route.spec.permission) return route.spec.permission ?? 'API key (no permission)'
  if (auth === 'user-credential') return 'user access credential'
  if (auth === 'robot-token') return "step run's robot token"
  return 'none'
}

/** A markdown table with its columns padded, as the rest of docs/ writes them. */
function table(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replaceAll('|', '\\|')))
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  const [head, ...body] = cells
  return [
    line(head ?? []),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...body.map(line),
  ].join('\n')
}

/** The two generated tables: the spec's operations, and the room's routes beyond the spec. */
export function renderTables(
  routes: readonly DeclaredRoute[],
  operations: readonly SpecOperation[],
  notes: Readonly<Record<string, string>>,
): { operations: string; beyond: string } {
  const specIds = new Set(operations.map((operation) => operation.operationId))
  const operationRows = operations.map((operation) => {
    const relative = operation.path.startsWith(WORKSPACE)
      ? operation.path.slice(WORKSPACE.length)
      : operation.path
    return [
      operation.operationId,
      `\`${operation.method} ${relative || '/'}\``,
      operation.permission ?? '—',
      statusOf(routes, operation.operationId),
      notes[operation.operationId] ?? '',
    ]
  })
  const beyondRows = routes
    .filter((route) => !route.spec.hidden && !specIds.has(route.spec.operationId))
    .map((route) => [
      route.spec.operationId,
      `\`${route.spec.method} ${openApiPath(route.prefix, route.spec.url)}\``,
      authOf(route),
      route.spec.summary,
      notes[route.spec.operationId] ?? '',
    ])
  return {
    operations: table(
      ['operation', 'method and path', 'permission (spec)', 'status', 'notes'],
      operationRows,
    ),
    beyond: table(['operation', 'method and path', 'auth', 'what it is', 'notes'], beyondRows),
  }
}

const region = (name: string) => ({
  start: `<!-- generated: ${name} (npm run compat) -->`,
  end: `<!-- end of generated: ${name} -->`,
})

/** The document with its generated regions replaced; throws if a region's markers are missing. */
export function applyTables(document: string, tables: { operations: string; beyond: string }): string {
  let result = document
  for (const [name, content] of [
    ['spec operations', tables.operations],
    ['routes beyond the spec', tables.beyond],
  ] as const) {
    const { start, end } = region(name)
    const from = result.indexOf(start)
    const to = result.indexOf(end)
    if (from < 0 || to < from) throw new Error(`docs/compatibility.md lacks the markers ${start} ... ${end}`)
    result = `${result.slice(0, from + start.length)}\n${content}\n${result.slice(to)}`
  }
  return result
}
