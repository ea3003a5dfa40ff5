/**
 * The optional JSON payload of a launch, in a disclosure so the process list stays dense. The code
 * editor loads the first time the disclosure opens: most launches send no payload, and the window's
 * first script stays small. Once loaded it stays mounted, so closing and opening keeps its undo.
 */
import { lazy, type ReactNode, Suspense, useId, useState } from 'react'
import type { PayloadParse } from '../lib/payload'

const JsonEditor = lazy(() => import('./json-editor/json-editor'))

interface PayloadEditorProps {
  processName: string
  text: string
  /** How the text parses: an error is shown under the editor and marked in it. */
  parsed: PayloadParse
  onChange(text: string): void
  /** Shown under the hint, inside the disclosure (the presets). */
  children?: ReactNode
}

export function PayloadEditor({ processName, text, parsed, onChange, children }: PayloadEditorProps) {
  const errorId = useId()
  const hintId = useId()
  const [opened, setOpened] = useState(false)
  const error = parsed.ok ? undefined : parsed
  const marker = error ? 'invalid' : text.trim() ? 'set' : undefined
  return (
    <details className="payload" onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary className="payload__summary">
        Payload
        {marker && <span className={`payload__marker payload__marker--${marker}`}>{marker}</span>}
      </summary>
      {opened && (
        <Suspense fallback={<p className="payload__hint">Loading the editor…</p>}>
          <JsonEditor
            value={text}
            onChange={onChange}
            label={`Payload for ${processName}`}
            describedBy={error ? errorId : hintId}
            invalid={error !== undefined}
            placeholder={'{ "name": "value" }'}
            {...(error?.at && { mark: { offset: error.at.offset, message: error.error } })}
          />
        </Suspense>
      )}
      {error ? (
        <p id={errorId} className="payload__error">
          {error.error}
        </p>
      ) : (
        <p id={hintId} className="payload__hint">
          JSON, sent as the run's input work item. Leave empty for none. Tab leaves the editor.
        </p>
      )}
      {children}
    </details>
  )
}
