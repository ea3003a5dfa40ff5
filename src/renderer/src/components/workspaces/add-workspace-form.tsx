/**
 * Adds a Control Room workspace: API URL, workspace id, API key, and optionally a name and the
 * production mark. The core checks the key on save (it reads the workspace, then finds what the key
 * may read); its refusal is shown beside the form, the URL and id kept. The key is read from its
 * field only at submit and never held in React state; the field is emptied once it is saved, or
 * when Control Room refused the key itself (it must be typed again then).
 */
import { type ChangeEvent, useRef, useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import {
  CLOUD_API_URL,
  checkNewWorkspace,
  type NewWorkspaceProblems,
  whatToDo,
  withSecret,
} from '../../lib/workspace-form'
import { CheckboxField } from '../checkbox-field'
import { ErrorBanner } from '../feedback'
import { PendingButton } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { FormField } from '../forms/form-field'
import { PermissionList } from './permission-list'

const EMPTY = { apiUrl: '', workspaceId: '', name: '', production: false }

export function AddWorkspaceForm({ add }: { add: WorkspaceAdmin['add'] }) {
  const [fields, setFields] = useState(EMPTY)
  const [problems, setProblems] = useState<NewWorkspaceProblems>({})
  const [added, setAdded] = useState<ConnectionSummary | undefined>()
  const keyRef = useRef<HTMLInputElement>(null)
  const action = useAction()
  const change = (next: Partial<typeof EMPTY>) => {
    setFields((current) => ({ ...current, ...next }))
    // The last workspace's confirmation goes once the next one is being typed.
    setAdded(undefined)
  }

  const submit = async () => {
    const checked = checkNewWorkspace({ ...fields, apiKey: keyRef.current?.value ?? '' })
    setProblems(checked)
    setAdded(undefined)
    if (Object.keys(checked).length > 0) return
    const name = fields.name.trim()
    const saved = await action.run(() =>
      withSecret(keyRef.current, (apiKey) =>
        add({
          apiUrl: fields.apiUrl.trim(),
          workspaceId: fields.workspaceId.trim(),
          apiKey,
          production: fields.production,
          ...(name ? { name } : {}),
        }),
      ),
    )
    if (saved) {
      setFields(EMPTY)
      setAdded(saved)
    }
  }

  /** A text field's value, its problem after a check, and its change, by the field's name. */
  const bound = (name: 'apiUrl' | 'workspaceId' | 'name') => ({
    value: fields[name],
    problem: name === 'name' ? undefined : problems[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => change({ [name]: event.target.value }),
  })

  return (
    <CheckedForm className="add-workspace" aria-label="Add a Control Room workspace" onSubmit={submit}>
      <h3 className="add-workspace__title">Add a Control Room workspace</h3>
      <FormField
        label="API URL"
        type="url"
        placeholder={CLOUD_API_URL}
        hint="The API v1 base of your Control Room (https://)."
        {...bound('apiUrl')}
      />
      <FormField
        label="Workspace id"
        hint="In Control Room, the workspace’s settings (also in the address bar)."
        {...bound('workspaceId')}
      />
      <FormField
        label="API key"
        type="password"
        autoComplete="off"
        hint="Integrations → API keys. Kept in the vault; only its last four characters are shown."
        problem={problems.apiKey}
        inputRef={keyRef}
      />
      <FormField
        label="Name (optional)"
        hint="Shown in the window; the workspace’s own name if left empty."
        {...bound('name')}
      />
      <CheckboxField
        className="add-workspace__check"
        label="Production workspace"
        checked={fields.production}
        onChecked={(production) => change({ production })}
      />
      {action.error !== undefined && (
        <ErrorBanner title="Not added." error={action.error} hint={whatToDo(action.error)} />
      )}
      <PendingButton
        pending={action.pending}
        label="Add workspace"
        busyLabel="Checking the key…"
        small={false}
      />
      {added && (
        <div className="add-workspace__added" role="status">
          <p>Added “{added.name}”. The key’s permissions, as found:</p>
          <PermissionList permissions={added.permissions} label={`Permissions of ${added.name}`} />
        </div>
      )}
    </CheckedForm>
  )
}
