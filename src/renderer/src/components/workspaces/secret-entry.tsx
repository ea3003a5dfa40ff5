/**
 * A button that opens an inline form for one secret (an API key, an access credential), as the
 * workspace card uses it. The secret is read from its password field only at submit, never held in
 * React state, and the field is emptied once it is saved or when Control Room refused it (withSecret).
 * Focus goes into the field when the form opens and back to the button when it closes (saved,
 * Cancel, Escape), so a keyboard user is never dropped at the top of the page.
 */
import { useRef, useState } from 'react'
import { useAction } from '../../hooks/use-action'
import { useFocusReturn } from '../../hooks/use-focus-return'
import { whatToDo, withSecret } from '../../lib/workspace-form'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { FormField } from '../forms/form-field'

export interface SecretEntryText {
  /** The button's text and its accessible name (which names the workspace). */
  open: string
  openLabel: string
  /** The form's accessible name. */
  form: string
  field: string
  hint: string
  /** Said beside the field when it is sent empty. */
  empty: string
  submit: string
  pending: string
  /** The refusal's title, before the core's message. */
  failed: string
}

interface SecretEntryProps {
  text: SecretEntryText
  /** Sends the secret to the core; throws the core's error, and nothing is saved then. */
  save: (secret: string) => Promise<unknown>
}

export function SecretEntry({ text, save }: SecretEntryProps) {
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState<string | undefined>()
  const field = useRef<HTMLInputElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const action = useAction()
  useFocusReturn(open, field, button)

  const close = () => {
    setOpen(false)
    setProblem(undefined)
    action.clearError()
  }
  const submit = async () => {
    if (!field.current?.value) return setProblem(text.empty)
    setProblem(undefined)
    const done = await action.run(async () => {
      await withSecret(field.current, save)
      return true
    })
    if (done) setOpen(false)
  }

  if (!open)
    return (
      <button
        ref={button}
        type="button"
        className="button button--small"
        aria-label={text.openLabel}
        onClick={() => setOpen(true)}
      >
        {text.open}
      </button>
    )
  return (
    <CheckedForm
      className="secret-entry"
      aria-label={text.form}
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close()
      }}
    >
      <FormField
        label={text.field}
        type="password"
        autoComplete="off"
        hint={text.hint}
        problem={problem}
        inputRef={field}
      />
      {action.error !== undefined && (
        <ErrorBanner title={text.failed} error={action.error} hint={whatToDo(action.error)} />
      )}
      <ActionButtons pending={action.pending} label={text.submit} busyLabel={text.pending} onCancel={close} />
    </CheckedForm>
  )
}
