/**
 * Adding something whose secret the room answers once (an API key, a webhook, a credential): Add
 * opens the form; a creation closes it and shows the secret (secret-once.tsx) until Done, which
 * gives focus back to Add. The secret lives in this hook's state only.
 */
import { type ReactNode, useRef, useState } from 'react'
import { SecretOnce } from './secret-once'

export function useAddWithSecret(note: string) {
  const [adding, setAdding] = useState(false)
  const [created, setCreated] = useState<{ title: string; secret: string } | undefined>()
  const addButton = useRef<HTMLButtonElement>(null)
  const secretOnce: ReactNode = created && (
    <SecretOnce
      title={created.title}
      secret={created.secret}
      note={note}
      onDone={() => {
        setCreated(undefined)
        addButton.current?.focus()
      }}
    />
  )
  return {
    adding,
    /** The Add button: it opens and closes the form, and has focus back after Done. */
    addButton: (label: string, disabled = false) => (
      <button
        ref={addButton}
        type="button"
        className="button button--small button--primary"
        aria-expanded={adding}
        disabled={disabled}
        onClick={() => setAdding((open) => !open)}
      >
        {label}
      </button>
    ),
    cancel: () => setAdding(false),
    /** The form created it: the form closes and the secret shows, under `title`. */
    created: (title: string, secret: string) => {
      setAdding(false)
      setCreated({ title, secret })
    },
    secretOnce,
  }
}
