/**
 * The command palette (Ctrl/Cmd+K): every view, launch, recent run and window action, found by
 * typing. cmdk gives the filtering, the list's keyboard model (arrows, Enter, Escape) and the
 * ARIA combobox; its Radix dialog gives the focus trap and gives focus back on close. Loaded on
 * first use, so it adds nothing to the window's first script.
 */
import { Command } from 'cmdk'
import { type PaletteAction, type PaletteCommand, paletteMatch } from '../../lib/palette-commands'
import './command-palette.css'

const GROUPS: PaletteCommand<string>['group'][] = ['Go to', 'Actions', 'Launch', 'Open run']

interface CommandPaletteProps<View extends string> {
  open: boolean
  onOpenChange(open: boolean): void
  commands: PaletteCommand<View>[]
  onAction(action: PaletteAction<View>): void
}

export default function CommandPalette<View extends string>({
  open,
  onOpenChange,
  commands,
  onAction,
}: CommandPaletteProps<View>) {
  return (
    <Command.Dialog
      open={open}
      onOpenChange={onOpenChange}
      label="Command palette"
      filter={(_id, search, keywords = []) => paletteMatch(search, keywords)}
      overlayClassName="command-palette__overlay"
      contentClassName="command-palette"
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
                    onOpenChange(false)
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
    </Command.Dialog>
  )
}
