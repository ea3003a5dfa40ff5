/**
 * API key permissions, and the one table that says which permission each route needs. The auth hook
 * reads only this table, and registering a route that is missing from it fails at startup, so a new
 * route cannot ship unguarded.
 */

/** Every permission scope the official API v1 spec names. */
export const PERMISSIONS = [
  'Assets.read_asset_storage_assets',
  'Assets.write_asset_storage_assets',
  'Assistants.read_assistants',
  'Assistants.write_assistants',
  'Processes.read_processes',
  'Processes.read_run_outputs',
  'Processes.read_runs',
  'Processes.read_work_items',
  'Processes.trigger_processes',
  'Processes.write_work_items',
  'Tasks.read_task_packages',
  'Tasks.write_task_packages',
  'Webhooks.read_webhooks',
  'Webhooks.write_webhooks',
  'Workers.read_workers',
  'Workers.write_workers',
] as const

export type Permission = (typeof PERMISSIONS)[number]

/** Narrows a string to a known permission. */
export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value)
}

/**
 * `METHOD /path` (relative to /api/v1, fastify syntax) → the permission the key needs, or null when
 * the spec lists none (the key must still belong to the workspace). Quirks are the spec's own: getting
 * one process run needs read_processes, listing them needs read_runs.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Permission | null>> = {
  'GET /workspaces/:workspace_id': null,
  'GET /workspaces/:workspace_id/processes': 'Processes.read_processes',
  'POST /workspaces/:workspace_id/processes/:process_id/process-runs': 'Processes.trigger_processes',
  'GET /workspaces/:workspace_id/process-runs': 'Processes.read_runs',
  'GET /workspaces/:workspace_id/process-runs/:process_run_id': 'Processes.read_processes',
}

/** The key ROUTE_PERMISSIONS uses for a route. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`
}
