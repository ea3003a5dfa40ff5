/**
 * The permissions of a key as checkboxes grouped by the part before the dot (Processes, Webhooks…),
 * each group with a box that checks or clears the whole group (mixed when only some are checked).
 */
import type { Permission } from '../../../../shared/permissions'
import { groupPermissions, permissionAction } from '../../../../shared/room-keys'

interface PermissionPickerProps {
  /** Every permission the room offers, in its order. */
  offered: readonly Permission[]
  chosen: ReadonlySet<string>
  onChange(chosen: Set<string>): void
  /** Says why the choice is refused (e.g. none chosen), under the legend. */
  problem?: string | undefined
  problemId?: string
}

export function PermissionPicker({ offered, chosen, onChange, problem, problemId }: PermissionPickerProps) {
  const set = (permissions: readonly string[], on: boolean) => {
    const next = new Set(chosen)
    for (const permission of permissions) {
      if (on) next.add(permission)
      else next.delete(permission)
    }
    onChange(next)
  }
  return (
    <fieldset className="permission-picker" aria-describedby={problem ? problemId : undefined}>
      <legend>Permissions</legend>
      {problem && (
        <span id={problemId} className="room-keys__hint is-error">
          {problem}
        </span>
      )}
      {groupPermissions(offered).map(({ group, permissions }) => {
        const count = permissions.filter((permission) => chosen.has(permission)).length
        return (
          <fieldset key={group} className="permission-picker__group">
            <legend className="visually-hidden">{group}</legend>
            <label className="permission-picker__all">
              <input
                type="checkbox"
                // Mixed when only some of the group are checked.
                ref={(box) => {
                  if (box) box.indeterminate = count > 0 && count < permissions.length
                }}
                checked={count === permissions.length}
                onChange={(event) => set(permissions, event.target.checked)}
              />
              {group} <span className="visually-hidden">(all)</span>
            </label>
            {permissions.map((permission) => (
              <label key={permission} className="permission-picker__one">
                <input
                  type="checkbox"
                  checked={chosen.has(permission)}
                  onChange={(event) => set([permission], event.target.checked)}
                />
                <code>{permissionAction(permission)}</code>
                <span className="visually-hidden"> ({permission})</span>
              </label>
            ))}
          </fieldset>
        )
      })}
    </fieldset>
  )
}
