/** The optional JSON payload of a launch, in a disclosure so the process list stays dense. */
import { type ReactNode, useId } from 'react'

interface PayloadEditorProps {
  processName: string
  text: string
  error: string | undefined
  onChange(text: string): void
  /** Shown under the hint, inside the disclosure (the presets). */
  children?: ReactNode
}

export function PayloadEditor({ processName, text, error, onChange, children }: PayloadEditorProps) {
  const errorId = useId()
  const hintId = useId()
  const marker = error ? 'invalid' : text.trim() ? 'set' : undefined
  return (
    <details className="payload">
      <summary className="payload__summary">
        Payload
        {marker && <span className={`payload__marker payload__marker--${marker}`}>{marker}</span>}
      </summary>
      <textarea
        className="payload__input"
        aria-label={`Payload for ${processName}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        rows={4}
        placeholder={'{ "name": "value" }'}
        value={text}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={errorId} className="payload__error">
          {error}
        </p>
      ) : (
        <p id={hintId} className="payload__hint">
          JSON, sent as the run's input work item. Leave empty for none.
        </p>
      )}
      {children}
    </details>
  )
}
