/**
 * The JSON editor's look, from the design tokens (tokens.css): every color is a light-dark() token,
 * so one theme serves both the light and the dark window, and switches with it.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { EditorView } from '@codemirror/view'
import { tags } from '@lezer/highlight'

const editorTheme = EditorView.theme({
  '&': {
    marginTop: 'var(--space-2)',
    color: 'var(--text)',
    backgroundColor: 'var(--bg-input)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-small)',
    fontSize: 'var(--font-size-small)',
  },
  '&.cm-invalid': { borderColor: 'var(--danger)' },
  // The same ring as every other control (base.css :focus-visible), on the whole editor.
  '&.cm-focused': { outline: '2px solid var(--focus-ring)', outlineOffset: '1px' },
  '.cm-scroller': {
    fontFamily: 'var(--font-mono)',
    lineHeight: 'var(--line-height)',
    minHeight: '5.6em',
    maxHeight: '20em',
  },
  '.cm-content': { caretColor: 'var(--text)', padding: 'var(--space-2) 0' },
  '.cm-line': { padding: '0 var(--space-3)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--bg-selected)' },
  '.cm-gutters': {
    color: 'var(--text-faint)',
    backgroundColor: 'var(--bg-subtle)',
    borderRight: '1px solid var(--border)',
    borderRadius: 'var(--radius-small) 0 0 var(--radius-small)',
  },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--ok-bg)',
    outline: '1px solid var(--ok)',
  },
  '&.cm-focused .cm-nonmatchingBracket': {
    backgroundColor: 'var(--danger-bg)',
    outline: '1px solid var(--danger)',
  },
  '.cm-tooltip': {
    color: 'var(--text)',
    backgroundColor: 'var(--bg-panel)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius-small)',
    boxShadow: 'var(--shadow-popover)',
  },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
})

// Token colors meet WCAG AA on --bg-input in both themes (the accessibility scan checks them).
const jsonHighlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--accent)' },
  { tag: tags.string, color: 'var(--ok)' },
  { tag: tags.number, color: 'var(--info)' },
  { tag: [tags.bool, tags.null], color: 'var(--warn)' },
  { tag: [tags.separator, tags.brace, tags.squareBracket], color: 'var(--text-muted)' },
  { tag: tags.invalid, color: 'var(--danger)' },
])

export const jsonEditorLook = [editorTheme, syntaxHighlighting(jsonHighlight)]
