/** Ctrl+K (Cmd+K on macOS) toggles the command palette, wherever focus is in the window. */
import { useEffect } from 'react'

export function usePaletteShortcut(toggle: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || event.altKey || event.shiftKey) return
      if (!(event.ctrlKey || event.metaKey)) return
      // The browser's own Ctrl+K (search bar, in web mode) would take focus away.
      event.preventDefault()
      toggle()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [toggle])
}
