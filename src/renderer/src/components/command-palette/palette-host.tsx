/**
 * Holds the command palette: its entries computed only while it is open (the feed may hold 10,000
 * runs), its code loaded on first open.
 */
import { lazy, Suspense, useMemo } from 'react'
import { useNow } from '../../hooks/use-now'
import { type PaletteAction, type PaletteSources, paletteCommands } from '../../lib/palette-commands'
import { ON_MAC } from '../../lib/shortcuts'

const CommandPalette = lazy(() => import('./command-palette'))

interface PaletteHostProps<View extends string> {
  open: boolean
  onOpenChange(open: boolean): void
  sources: Omit<PaletteSources<View>, 'nowMs' | 'mac'>
  onAction(action: PaletteAction<View>): void
}

export function PaletteHost<View extends string>({
  open,
  onOpenChange,
  sources,
  onAction,
}: PaletteHostProps<View>) {
  const nowMs = useNow(60_000, open)
  const commands = useMemo(
    () => (open ? paletteCommands({ ...sources, nowMs, mac: ON_MAC }) : []),
    [open, sources, nowMs],
  )
  if (!open) return null
  return (
    <Suspense fallback={null}>
      <CommandPalette open onOpenChange={onOpenChange} commands={commands} onAction={onAction} />
    </Suspense>
  )
}
