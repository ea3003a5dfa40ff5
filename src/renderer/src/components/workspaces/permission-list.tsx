/**
 * What a workspace's key turned out to hold: read permissions found by harmless reads when it was
 * added, write permissions learned from Control Room's answers (a 403 names the one missing).
 */
import type { ConnectionSummary } from '../../../../shared/domain'

export function PermissionList({
  permissions,
  label,
}: {
  permissions: ConnectionSummary['permissions']
  label: string
}) {
  const { granted, denied } = permissions
  if (granted.length === 0 && denied.length === 0)
    return <p className="permission-list__none">None learned yet: Robodeck learns them as it uses the key.</p>
  return (
    <ul className="permission-list" aria-label={label}>
      {granted.map((permission) => (
        <li
          key={permission}
          className="permission-list__item is-granted"
          data-permission-granted={permission}
        >
          <span aria-hidden="true">✓ </span>
          {permission} <span className="permission-list__verdict">granted</span>
        </li>
      ))}
      {denied.map((permission) => (
        <li key={permission} className="permission-list__item is-denied" data-permission-denied={permission}>
          <span aria-hidden="true">✗ </span>
          {permission} <span className="permission-list__verdict">lacking</span>
        </li>
      ))}
    </ul>
  )
}
