/**
 * Why an action is unavailable, from what the connection learned about its key: an action the key
 * is known to lack the permission for is disabled with this reason instead of failing after a click.
 * A permission not yet seen either way is allowed: Control Room's 403 will then name it.
 */
import type { ConnectionSummary } from '../../../shared/domain'

export function missingPermission(
  connection: Pick<ConnectionSummary, 'permissions'> | undefined,
  permission: string,
): string | undefined {
  if (!connection?.permissions.denied.includes(permission)) return undefined
  return `This key lacks ${permission}.`
}
