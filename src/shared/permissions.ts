/**
 * API key permissions. Each route declares the one it needs (route-definition.ts), and an api-key
 * route that declares none fails at startup, so a new route cannot ship unguarded.
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
