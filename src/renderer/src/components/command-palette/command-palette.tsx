/**
 * The command palette (Ctrl/Cmd+K): every view, launch, recent run and window action, found by
 * typing. cmdk gives the list's keyboard model (arrows, Enter) and the ARIA combobox; the box is a
 * native modal <dialog>, which makes the rest of the window inert, sits in the top layer and gives
 * focus back on close, with nothing injected into the page: Radix's dialog (cmdk's Command.Dialog)
 * injects <style> tags for its scroll lock, which the window's CSP refuses. Loaded on first use, so
 * it adds nothing to the window's first script.
 */
import { Command } from 'cmdk'
import { useEffect, useRef } from 'react'
import { type PaletteAction, type PaletteCommand, paletteMatch } from '../../lib/palette-commands'
import './command-palette.css'

const GROUPS: PaletteCommand<string>['group'][] = ['Go to', 'Actions', 'Launch', 'Open run']

interface CommandPaletteProps<View extends string> {
  open: boolean
  onOpenChange(open: boolean): void
  commands: PaletteCommand<View>[]
  onAction(action: PaletteAction<View>): void
}

export default function CommandPalette<View extends string>(props: CommandPaletteProps<View>) {
  return props.open ? <PaletteDialog {...props} /> : null
}

function PaletteDialog<View extends string>({ onOpenChange, commands, onAction }: CommandPaletteProps<View>) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    element?.showModal()
    // Into the search field: showModal itself would focus the dialog box (no autofocus attribute).
    element?.querySelector<HTMLInputElement>('[cmdk-input]')?.focus()
    return () => element?.close()
  }, [])
  const close = () => dialog.current?.close()

  return (
    // A click on the backdrop lands on the dialog itself (its content has its own box): it closes.
    <dialog
      ref={dialog}
      className="command-palette"
      aria-label="Command palette"
      onClose={() => onOpenChange(false)}
      onClick={(event) => event.target === dialog.current && close()}
      onKeyDown={(event) => {
        // The dialog's own Escape, taken here so it closes the same way wherever focus is inside.
        if (event.key !== 'Escape') return
        event.preventDefault()
        close()
      }}
    >
      <Command
        label="Command palette"
        className="command-palette__body"
        filter={(_id, search, keywords = []) => paletteMatch(search, keywords)}
      >
        <Command.Input className="command-palette__input" placeholder="Go to, launch, open a run…" />
        <Command.List className="command-palette__list" label="Commands">
          <Command.Empty className="command-palette__empty">Nothing matches.</Command.Empty>
          {GROUPS.map((group) => {
            const entries = commands.filter((command) => command.group === group)
            if (entries.length === 0) return null
            return (
              <Command.Group key={group} heading={group} className="command-palette__group">
                {entries.map((command) => (
                  <Command.Item
                    key={command.id}
                    value={command.id}
                    keywords={[command.label, ...command.keywords]}
                    className="command-palette__item"
                    onSelect={() => {
                      close()
                      onAction(command.action)
                    }}
                  >
                    {command.label}
                    {command.keys && <kbd className="command-palette__keys">{command.keys}</kbd>}
                  </Command.Item>
                ))}
              </Command.Group>
            )
          })}
        </Command.List>
      </Command>
    </dialog>
  )
}
