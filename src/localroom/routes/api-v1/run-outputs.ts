/** Run outputs: GET /process-runs/{id}/outputs (2023-10 spec) and GET /outputs?process_run_id= (newer). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { API_PREFIX, type RoomContext } from '../../context'
import { routeDefiner } from '../../http/route-definition'
import { isoDateTime } from '../../http/schemas'
import { listOutputs, type OutputFile, type OutputRow, outputFiles } from '../../runs/output-store'
import { routeRunList } from './run-lists'
import { nonNullPayload, WorkItemFile } from './work-item-shapes'

const ProcessRunOutput = z.object({
  id: z.string(),
  created_at: isoDateTime,
  process: z.object({ id: z.string() }),
  process_run: z.object({ id: z.string() }),
  payload: z.unknown(),
  files: z.array(WorkItemFile),
})

function toOutput(row: OutputRow, files: Map<string, OutputFile[]>): z.infer<typeof ProcessRunOutput> {
  return {
    id: row.id,
    created_at: row.created_at,
    process: { id: row.process_id },
    process_run: { id: row.process_run_id },
    payload: nonNullPayload(row.payload),
    files: files.get(row.id) ?? [],
  }
}

/** Registers the run output routes. */
export function registerRunOutputRoutes(api: FastifyInstance, ctx: RoomContext): void {
  routeRunList(routeDefiner(api, ctx.routes, API_PREFIX), ctx, {
    name: 'outputs',
    permission: 'Processes.read_work_items',
    tag: 'process-run',
    resource: ProcessRunOutput,
    nested: { operationId: 'listProcessRunOutputs', summary: 'List process run outputs' },
    flat: { operationId: 'listOutputs', summary: 'List process run outputs (newer spec form)' },
    readerFor: (runId) => {
      let files = new Map<string, OutputFile[]>()
      return {
        read: (before, fetch) => {
          const rows = listOutputs(ctx.db, runId, before, fetch)
          // The files of the page's rows in one query (the extra row is not shown).
          files = outputFiles(
            ctx.db,
            rows.slice(0, fetch - 1).map((row) => row.id),
          )
          return rows
        },
        toResource: (row) => toOutput(row, files),
      }
    },
  })
}
