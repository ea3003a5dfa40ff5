/**
 * The workspace's user access credential: whose it is, or a form to link one. The core verifies it
 * with a signed request before keeping it. Like the API key, the credential is read from its
 * password field only at submit, never held in React state, and the field is emptied once it is
 * linked or when Control Room refused it.
 */
import { type FormEvent, useRef, useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/domain'
import { useAction } from '../../hooks/use-action'
import type { WorkspaceAdmin } from '../../hooks/use-workspace-admin'
import { whatToDo, withSecret } from '../../lib/workspace-form'
import { ErrorBanner } from '../feedback'
import { FormField } from './form-field'

interface LinkCredentialProps {
  connection: ConnectionSummary
  link: WorkspaceAdmin['linkCredential']
}

export function LinkCredential({ connection, link }: LinkCredentialProps) {
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<string | undefined>()
  const field = useRef<HTMLInputElement>(null)
  const action = useAction()
  const linked = connection.credentialUser

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!field.current?.value) return setProblem('Enter the access credential.')
    setProblem(undefined)
    const done = await action.run(() =>
      withSecret(field.current, (credential) => link(connection.id, credential)),
    )
    if (done) setOpen(false)
  }

  return (
    <div className="link-credential">
      <span>{linked ? <>Linked: {linked}</> : 'None linked.'}</span>{' '}
      {!open && (
        <button
          type="button"
          className="button button--small"
          aria-label={`${linked ? 'Replace' : 'Link'} the access credential of ${connection.name}`}
          onClick={() => setOpen(true)}
        >
          {linked ? 'Replace…' : 'Link…'}
        </button>
      )}
      {open && (
        <form
          className="link-credential__form"
          aria-label={`Link an access credential to ${connection.name}`}
          noValidate
          onSubmit={(event) => void submit(event)}
        >
          <FormField
            label="Access credential"
            type="password"
            autoComplete="off"
            hint="Control Room: Settings → Access credentials. Verified, then kept in the vault."
            problem={problem}
            inputRef={field}
          />
          {action.error !== undefined && (
            <ErrorBanner title="Not linked." error={action.error} hint={whatToDo(action.error)} />
          )}
          <div className="link-credential__buttons">
            <button type="submit" className="button button--small button--primary" disabled={action.pending}>
              {action.pending ? 'Verifying…' : 'Link credential'}
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => {
                setOpen(false)
                setProblem(undefined)
                action.clearError()
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
