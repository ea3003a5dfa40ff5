/** A small select of choices, each a value and the words shown for it. */

export interface Choice {
  value: string
  label: string
}

interface ChoiceSelectProps {
  /** Its accessible name; leave it out where a <label htmlFor={id}> names it. */
  label?: string
  id?: string
  value: string
  choices: readonly Choice[]
  onChange(value: string): void
  className?: string
  disabled?: boolean
  /** The form's check found a problem with it, said in the element `describedBy` names. */
  invalid?: boolean
  describedBy?: string | undefined
}

export function ChoiceSelect(props: ChoiceSelectProps) {
  const { label, id, value, choices, onChange, className, disabled, invalid, describedBy } = props
  return (
    <select
      id={id}
      className={`input input--small${className ? ` ${className}` : ''}`}
      aria-label={label}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(event) => onChange(event.target.value)}
    >
      {choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  )
}
