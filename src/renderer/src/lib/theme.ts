/**
 * The window's theme: light, dark, or the system's (the default). The core's settings document has
 * no place for it and it concerns only how this window draws, so the choice is kept in the
 * renderer's localStorage (per origin: the desktop app's app://robodeck, or web mode's address,
 * which changes with its port) rather than through a new bridge command. tokens.css does the rest
 * from the root's data-theme attribute.
 */

export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

const STORAGE_KEY = 'robodeck.theme'

const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme)

/** The saved choice; the system's when none is saved, the value is unknown or storage is blocked. */
export function savedTheme(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return isTheme(value) ? value : 'system'
  } catch {
    return 'system'
  }
}

/** Draws the window in the theme: `system` leaves the choice to prefers-color-scheme. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

/** Applies the theme and keeps it for the next start (the choice still applies if storage fails). */
export function chooseTheme(theme: Theme): void {
  applyTheme(theme)
  try {
    if (theme === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, theme)
  } catch {
    // Storage blocked (a private window): the theme holds until the page is closed.
  }
}
