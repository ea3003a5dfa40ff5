/** The window's shortcuts: which key press does what, and how their keys read. */
import { describe, expect, it } from 'vitest'
import {
  type KeyPress,
  shortcutFor,
  viewAriaKeys,
  viewKeys,
} from '../../../../src/renderer/src/lib/shortcuts'

const views = [{ view: 'runs' }, { view: 'workspaces' }, { view: 'room' }, { view: 'settings' }] as const
const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  typing: false,
  ...more,
})

describe('shortcutFor', () => {
  it('opens the palette with Ctrl+K or Cmd+K, even while typing', () => {
    expect(shortcutFor(press('k', { ctrlKey: true }), views)).toEqual({ kind: 'palette' })
    expect(shortcutFor(press('K', { metaKey: true, typing: true }), views)).toEqual({ kind: 'palette' })
    expect(shortcutFor(press('k', { ctrlKey: true, shiftKey: true }), views)).toBeUndefined()
    expect(shortcutFor(press('k'), views)).toBeUndefined()
  })

  it('goes to the views by number, in the top bar’s order, and to none past the last', () => {
    expect(shortcutFor(press('1', { ctrlKey: true }), views)).toEqual({ kind: 'view', view: 'runs' })
    expect(shortcutFor(press('4', { metaKey: true }), views)).toEqual({ kind: 'view', view: 'settings' })
    expect(shortcutFor(press('5', { ctrlKey: true }), views)).toBeUndefined()
    expect(shortcutFor(press('0', { ctrlKey: true }), views)).toBeUndefined()
    expect(shortcutFor(press('2', { ctrlKey: true, altKey: true }), views)).toBeUndefined()
  })

  it('takes "/" to the runs search, but not while typing (it is a character there)', () => {
    expect(shortcutFor(press('/'), views)).toEqual({ kind: 'search-runs' })
    expect(shortcutFor(press('/', { typing: true }), views)).toBeUndefined()
    expect(shortcutFor(press('/', { ctrlKey: true }), views)).toBeUndefined()
  })
})

describe('how the keys read', () => {
  it('says Ctrl or ⌘ by platform, and names both modifiers for assistive technology', () => {
    expect(viewKeys(0, false)).toBe('Ctrl+1')
    expect(viewKeys(2, true)).toBe('⌘3')
    expect(viewKeys(9, false)).toBeUndefined()
    expect(viewAriaKeys(1)).toBe('Control+2 Meta+2')
  })
})
