/**
 * A workspace's name with the production mark, renamed in place: Rename turns it into a field
 * (Enter saves, Esc cancels); a refusal is shown beside the field, the typed name kept.
 */
import { useRef, useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import { useFocusReturn } from '../../hooks/use-focus-return'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'

const MAX_NAME = 200

interface WorkspaceNameProps {
  connection: ConnectionSummary
  rename: WorkspaceAdmin['rename']
}

export function WorkspaceName({ connection, rename }: WorkspaceNameProps) {
  const [draft, setDraft] = useState<string | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const action = useAction()
  const input = useRef<HTMLInputElement>(null)
  const renameButton = useRef<HTMLButtonElement>(null)
  const editing = draft !== undefined
  useFocusReturn(editing, input, renameButton, { select: true })

  const stop = () => {
    setDraft(undefined)
    setProblem(undefined)
    action.clearError()
  }
  const submit = async () => {
    const name = draft?.trim() ?? ''
    if (!name) return setProblem('Enter a name.')
    if (name.length > MAX_NAME) return setProblem(`At most ${MAX_NAME} characters.`)
    setProblem(undefined)
    if (name === connection.name || (await action.run(() => rename(connection.id, name)))) stop()
  }

  if (!editing)
    return (
      <div className="workspace-name">
        <h3 className="workspace-name__text">{connection.name}</h3>
        {connection.production && <span className="chip chip--production">Production</span>}
        <button
          ref={renameButton}
          type="button"
          className="button button--small button--ghost"
          aria-label={`Rename ${connection.name}`}
          onClick={() => setDraft(connection.name)}
        >
          Rename
        </button>
      </div>
    )
  return (
    <CheckedForm
      className="workspace-name"
      aria-label={`Rename ${connection.name}`}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') stop()
      }}
    >
      <input
        ref={input}
        className="input"
        aria-label="New name"
        aria-invalid={problem !== undefined}
        value={draft}
        maxLength={MAX_NAME + 50}
        onChange={(event) => setDraft(event.target.value)}
      />
      <ActionButtons pending={action.pending} label="Save name" busyLabel="Saving…" onCancel={stop} />
      {problem && (
        <span className="form-field__note is-error" role="alert">
          {problem}
        </span>
      )}
      {action.error !== undefined && <ErrorBanner title="Not renamed." error={action.error} />}
    </CheckedForm>
  )
}
