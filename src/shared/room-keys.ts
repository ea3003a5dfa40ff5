/**
 * The local Control Room's API keys and user access credentials as the window sees them (issue 11
 * §6). Lists carry names, permissions, masked suffixes and dates only; a key's value or a
 * credential's secret is in the answer of an explicit create or reveal command, never elsewhere.
 */
import { z } from 'zod'
import { PERMISSIONS, type Permission } from './permissions'

export const RoomPermission = z.enum(PERMISSIONS)

export const RoomApiKey = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(RoomPermission),
  /** "…" and the value's last four characters. */
  maskedValue: z.string(),
  /** The key the room re-issues on each start with --print-bootstrap. */
  bootstrap: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  requestCount: z.number().int(),
  /** The key Robodeck itself uses for the local room: deleting it would cut the window off. */
  usedByRobodeck: z.boolean(),
})
export type RoomApiKey = z.infer<typeof RoomApiKey>

export const RoomCredential = z.object({
  id: z.string(),
  label: z.string(),
  bootstrap: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** The owner credential Robodeck signs its management calls with. */
  usedByRobodeck: z.boolean(),
})
export type RoomCredential = z.infer<typeof RoomCredential>

/** A key's name or a credential's label, as the room takes it. */
export const RoomKeyName = z.string().trim().min(1).max(200)

export interface PermissionGroup {
  /** The part before the dot, e.g. "Processes". */
  group: string
  permissions: Permission[]
}

/** Permissions grouped by the part before the dot, in the order given (the room's is the spec's). */
export function groupPermissions(permissions: readonly Permission[]): PermissionGroup[] {
  const groups = new Map<string, Permission[]>()
  for (const permission of permissions) {
    const group = permissionGroup(permission)
    groups.set(group, [...(groups.get(group) ?? []), permission])
  }
  return [...groups].map(([group, members]) => ({ group, permissions: members }))
}

/** "Processes" for "Processes.trigger_processes". */
export const permissionGroup = (permission: string) => permission.split('.')[0] ?? permission
/** "trigger_processes" for "Processes.trigger_processes". */
export const permissionAction = (permission: string) => permission.slice(permission.indexOf('.') + 1)
