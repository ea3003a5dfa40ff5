/**
 * The window's keyboard shortcuts, in one table: the palette (Ctrl/Cmd+K), each view
 * (Ctrl/Cmd+1…4, in the top bar's order), and "/" to search the runs. The top bar and the palette
 * show these keys beside what they do, so they are found without a manual.
 */

/** What a shortcut does; the app carries it out. */
export type ShortcutAction<View extends string> =
  | { kind: 'palette' }
  | { kind: 'view'; view: View }
  | { kind: 'search-runs' }

/** The parts of a keydown a shortcut looks at. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  /** Focus is in a text field: plain keys are typing, not shortcuts. */
  typing: boolean
}

export const isMac = (platform: string) => /Mac|iPhone|iPad/.test(platform)

/** This window runs on macOS (shortcuts read ⌘ there). */
export const ON_MAC = isMac(globalThis.navigator?.platform ?? '')

/** Ctrl on Windows and Linux, Cmd on macOS: either is accepted, as the browser and Electron menus do. */
const withModifier = (press: KeyPress) => (press.ctrlKey || press.metaKey) && !press.altKey && !press.shiftKey

export function shortcutFor<View extends string>(
  press: KeyPress,
  views: readonly { view: View }[],
): ShortcutAction<View> | undefined {
  if (withModifier(press)) {
    if (press.key.toLowerCase() === 'k') return { kind: 'palette' }
    const index = /^[1-9]$/.test(press.key) ? Number(press.key) - 1 : -1
    const target = views[index]
    return target ? { kind: 'view', view: target.view } : undefined
  }
  const plain = !press.ctrlKey && !press.metaKey && !press.altKey
  if (plain && !press.typing && press.key === '/') return { kind: 'search-runs' }
  return undefined
}

/** How the keys of a view's shortcut read: "Ctrl+2", or "⌘2" on macOS; undefined past the ninth. */
export function viewKeys(index: number, mac: boolean): string | undefined {
  if (index < 0 || index > 8) return undefined
  return mac ? `⌘${index + 1}` : `Ctrl+${index + 1}`
}

/** The same for aria-keyshortcuts, which names both modifiers the window accepts. */
export function viewAriaKeys(index: number): string | undefined {
  if (index < 0 || index > 8) return undefined
  return `Control+${index + 1} Meta+${index + 1}`
}

export const paletteKeys = (mac: boolean) => (mac ? '⌘K' : 'Ctrl+K')
