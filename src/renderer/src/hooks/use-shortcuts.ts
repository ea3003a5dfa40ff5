/** Listens for the window's keyboard shortcuts (lib/shortcuts.ts) wherever focus is, and hands each on. */
import { useEffect, useRef } from 'react'
import { type ShortcutAction, shortcutFor } from '../lib/shortcuts'

const TEXT_INPUTS = new Set(['text', 'search', 'url', 'password', 'number', 'email'])

/** Focus is somewhere typing happens: a text field, a text area, a select, or an editable region. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type)
}

export function useShortcuts<View extends string>(
  views: readonly { view: View }[],
  onShortcut: (action: ShortcutAction<View>) => void,
): void {
  const latest = useRef(onShortcut)
  latest.current = onShortcut
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor({ ...pick(event), typing: isTyping(event.target) }, views)
      if (!action) return
      // The browser's own Ctrl+K (search bar) and Ctrl+1…9 (tabs, in web mode) would take focus away.
      event.preventDefault()
      latest.current(action)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [views])
}

const pick = ({ key, ctrlKey, metaKey, altKey, shiftKey }: KeyboardEvent) => ({
  key,
  ctrlKey,
  metaKey,
  altKey,
  shiftKey,
})
