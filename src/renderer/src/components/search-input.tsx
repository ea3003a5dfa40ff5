/** The small search box of a pane's header or filter bar: named for screen readers, reporting each keystroke's text. */

interface SearchInputProps {
  /** The accessible name ("Search runs"); also the placeholder unless one is given. */
  label: string
  placeholder?: string
  value: string
  onChange(value: string): void
  /** Added to the input's own classes. */
  className?: string
  /** The key that focuses it from anywhere (lib/shortcuts.ts), announced to screen readers. */
  shortcut?: string
}

export function SearchInput({
  label,
  placeholder = label,
  value,
  onChange,
  className,
  shortcut,
}: SearchInputProps) {
  return (
    <input
      type="search"
      className={className ? `input input--small ${className}` : 'input input--small'}
      placeholder={placeholder}
      aria-label={label}
      aria-keyshortcuts={shortcut}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}
