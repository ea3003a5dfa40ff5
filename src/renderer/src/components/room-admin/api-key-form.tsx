/**
 * A key's name and permissions, to add a key or edit one. Checks first that there is a name and at
 * least one permission (named beside the field, nothing sent); what the room refuses is shown above
 * the buttons in its words, with the form kept.
 */
import { useId, useState } from 'react'
import type { Permission } from '../../../../shared/permissions'
import { useAction } from '../../hooks/use-action'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { FormField } from '../forms/form-field'
import { PermissionPicker } from './permission-picker'

interface ApiKeyFormProps {
  /** The form's accessible name, e.g. "New API key" or "Edit Reporting". */
  title: string
  offered: readonly Permission[]
  initial?: { name: string; permissions: readonly string[] }
  submit: string
  onSubmit(name: string, permissions: string[]): Promise<unknown>
  onCancel(): void
}

export function ApiKeyForm({ title, offered, initial, submit, onSubmit, onCancel }: ApiKeyFormProps) {
  const [name, setName] = useState(initial?.name ?? '')
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial?.permissions))
  const [problems, setProblems] = useState<{ name?: string; permissions?: string }>({})
  const action = useAction()
  const ids = useId()

  const send = async () => {
    const found = {
      ...(name.trim() ? {} : { name: 'Give the key a name.' }),
      ...(chosen.size > 0 ? {} : { permissions: 'Choose at least one permission.' }),
    }
    setProblems(found)
    if (found.name || found.permissions) return
    // In the room's order, so the key lists them as the room will.
    const permissions = offered.filter((permission) => chosen.has(permission))
    await action.run(() => onSubmit(name.trim(), permissions))
  }

  return (
    <CheckedForm className="room-keys__form" aria-label={title} onSubmit={send}>
      <FormField
        label="Name"
        value={name}
        maxLength={200}
        problem={problems.name}
        onChange={(event) => setName(event.target.value)}
      />
      <PermissionPicker
        offered={offered}
        chosen={chosen}
        onChange={setChosen}
        problem={problems.permissions}
        problemId={`${ids}-permissions`}
      />
      {action.error !== undefined && <ErrorBanner title="Not saved." error={action.error} />}
      <ActionButtons pending={action.pending} label={submit} busyLabel="Saving…" onCancel={onCancel} />
    </CheckedForm>
  )
}
