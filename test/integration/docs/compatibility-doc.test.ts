/**
 * docs/compatibility.md's route tables are what a running room declares, joined with the official
 * spec's operations and the notes of docs/compatibility-notes.json (test/support/compatibility-table.ts).
 * The test fails when the document differs; `npm run compat` (ROBODECK_WRITE_COMPAT=1) rewrites it,
 * and, where ../shared has the spec, the vendored operation list the test uses without it.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  applyTables,
  COMPATIBILITY_DOC,
  loadNotes,
  loadSpecOperations,
  renderTables,
  VENDORED_OPERATIONS,
} from '../../support/compatibility-table'
import { roomFixture } from '../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const write = process.env.ROBODECK_WRITE_COMPAT === '1'

describe('docs/compatibility.md', () => {
  it('lists every route the room declares, with the status it really has', async () => {
    const { operations, fromSpec } = loadSpecOperations()
    if (fromSpec) {
      const vendored = `${JSON.stringify(operations, null, 2)}\n`
      if (write) await writeFile(VENDORED_OPERATIONS, vendored)
      // The vendored subset must stay the spec's, so the test means the same without ../shared.
      expect(await readFile(VENDORED_OPERATIONS, 'utf8')).toBe(vendored)
    }
    const notes = loadNotes()
    const routes = fixture.room.routes
    const known = new Set([...operations.map((o) => o.operationId), ...routes.map((r) => r.spec.operationId)])
    expect(
      Object.keys(notes).filter((id) => !known.has(id)),
      'notes for operations nobody declares',
    ).toEqual([])
    const current = await readFile(COMPATIBILITY_DOC, 'utf8')
    const generated = applyTables(current, renderTables(routes, operations, notes))
    if (write) await writeFile(COMPATIBILITY_DOC, generated)
    else expect(current, 'docs/compatibility.md is stale: run npm run compat').toBe(generated)
  })

  it('gets the statuses the old hand-written table had wrong', () => {
    const { operations } = loadSpecOperations()
    const tables = renderTables(fixture.room.routes, operations, {})
    const status = (id: string) =>
      tables.operations
        .split('\n')
        .find((row) => row.startsWith(`| ${id} `))
        ?.split('|')[4]
        ?.trim()
    expect(status('listWorkers')).toBe('implemented')
    expect(status('getWorker')).toBe('implemented')
    expect(status('createTaskPackage')).toBe('implemented')
    expect(status('startProcessRunQsAuth')).toBe('501')
    expect(status('listAssistants')).toBe('501')
  })
})
