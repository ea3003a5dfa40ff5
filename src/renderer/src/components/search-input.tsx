/** The small search box of a pane's header or filter bar: named for screen readers, reporting each keystroke's text. */

interface SearchInputProps {
  /** The accessible name ("Search runs"); also the placeholder unless one is given. */
  label: string
  placeholder?: string
  value: string
  onChange(value: string): void
  /** Added to the input's own classes. */
  className?: string
}

export function SearchInput({ label, placeholder = label, value, onChange, className }: SearchInputProps) {
  return (
    <input
      type="search"
      className={className ? `input input--small ${className}` : 'input input--small'}
      placeholder={placeholder}
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}
