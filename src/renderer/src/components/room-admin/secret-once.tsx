/**
 * A secret the room answers once (a new key's value, a new credential's string): shown with a
 * Copy button and a note that it will not be shown again. The secret lives only in the state of
 * whoever renders this, which drops it on Done or when the view is left.
 */
import { useEffect, useRef, useState } from 'react'

interface SecretOnceProps {
  /** e.g. "API key “Reporting” created." */
  title: string
  secret: string
  /** Why it is shown once and where it can be seen again, if anywhere. */
  note: string
  onDone(): void
}

export function SecretOnce({ title, secret, note, onDone }: SecretOnceProps) {
  const copied = useCopy()
  const done = useRef<HTMLButtonElement>(null)
  // The form that made it is gone: focus goes here, where the secret and what to do with it are.
  useEffect(() => done.current?.focus(), [])
  return (
    <section className="secret-once" aria-label={title}>
      <strong>{title}</strong>
      <p className="secret-once__note">{note}</p>
      <div className="secret-once__row">
        <code className="secret-once__value">{secret}</code>
        <CopyButton copied={copied} text={secret} />
        <button ref={done} type="button" className="button button--small button--primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  )
}

/** Copy to the clipboard, with a status line saying whether it worked. */
export function useCopy() {
  const [status, setStatus] = useState<string | undefined>()
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text)
      setStatus('Copied.')
    } catch {
      setStatus('The clipboard is not available here: select the value and copy it instead.')
    }
  }
  return { status, copy }
}

export function CopyButton({ copied, text }: { copied: ReturnType<typeof useCopy>; text: string }) {
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void copied.copy(text)}>
        Copy
      </button>
      <span className="secret-once__status" role="status">
        {copied.status}
      </span>
    </>
  )
}
