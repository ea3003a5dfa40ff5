/**
 * A labelled text field of the window's forms, with its hint or, after a failed check, the problem
 * in its place (tied to the input by aria-describedby, so a screen reader reads it too).
 */
import { type InputHTMLAttributes, type Ref, useId } from 'react'
import './forms.css'

interface FormFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string
  hint?: string
  problem?: string | undefined
  inputRef?: Ref<HTMLInputElement>
}

export function FormField({ label, hint, problem, inputRef, className, ...input }: FormFieldProps) {
  const id = useId()
  const note = problem ?? hint
  return (
    <div className={`form-field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        className="input"
        spellCheck={false}
        aria-invalid={problem !== undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        {...input}
      />
      {note && (
        <span id={`${id}-note`} className={`form-field__note ${problem ? 'is-error' : ''}`}>
          {note}
        </span>
      )}
    </div>
  )
}
