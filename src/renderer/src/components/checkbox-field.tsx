/**
 * A checkbox inside its label, so the whole line toggles it and the label is its accessible name.
 * `onChecked` receives the new state; every other input attribute (disabled, aria-describedby) is
 * passed through.
 */
import type { InputHTMLAttributes, ReactNode } from 'react'

interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> {
  className: string
  label: ReactNode
  onChecked(checked: boolean): void
}

export function CheckboxField({ className, label, onChecked, ...input }: CheckboxFieldProps) {
  return (
    <label className={className}>
      <input type="checkbox" {...input} onChange={(event) => onChecked(event.target.checked)} />
      {label}
    </label>
  )
}
