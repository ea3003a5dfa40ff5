/**
 * A JSON code editor (CodeMirror 6): highlighting, bracket matching, line numbers, undo, and the
 * error its owner found marked where it is (underlined, with a gutter mark on its line).
 *
 * It is controlled: `value` is the text, `onChange` reports each edit, and a `value` set from
 * outside (a preset, Run again) replaces the text. Tab is not bound, so it moves focus on as in
 * any other field. The content element is the textbox: it carries the accessible name, and
 * aria-invalid and aria-describedby point at the owner's hint or error text.
 * Loaded on first use (React.lazy): the default export is the component.
 */
import { defaultKeymap, history, historyKeymap, isolateHistory } from '@codemirror/commands'
import { json } from '@codemirror/lang-json'
import { bracketMatching, indentOnInput } from '@codemirror/language'
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint'
import { Annotation, Compartment, EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap, lineNumbers, placeholder } from '@codemirror/view'
import { useEffect, useRef } from 'react'
import { mountCodeMirrorStylesWithoutInlineStyle } from './codemirror-styles'
import { jsonEditorLook } from './json-editor-theme'

mountCodeMirrorStylesWithoutInlineStyle()

export interface JsonEditorMark {
  /** Character offset of the error in `value`. */
  offset: number
  message: string
}

export interface JsonEditorProps {
  value: string
  onChange(text: string): void
  /** The textbox's accessible name. */
  label: string
  /** The id of the text that describes the field now (its hint, or its error). */
  describedBy: string
  /** The text is refused (aria-invalid, a red border). */
  invalid: boolean
  /** Where the error is, when it has a place; the owner shows its message in words too. */
  mark?: JsonEditorMark
  placeholder?: string
}

/** Marks a transaction that carries the owner's `value` in, so it is not reported back as an edit. */
const fromOwner = Annotation.define<boolean>()

function accessibility(label: string, describedBy: string, invalid: boolean): Extension {
  return [
    EditorView.contentAttributes.of({
      'aria-label': label,
      'aria-describedby': describedBy,
      ...(invalid && { 'aria-invalid': 'true' }),
    }),
    EditorView.editorAttributes.of({ class: invalid ? 'cm-invalid' : '' }),
  ]
}

/** One character at the error, so the underline shows; at the end of the text, its last one. */
function diagnosticAt(state: EditorState, error: JsonEditorMark): Diagnostic {
  const length = state.doc.length
  const from = Math.max(0, Math.min(error.offset, length - 1))
  return { from, to: Math.min(from + 1, length), severity: 'error', message: error.message }
}

export default function JsonEditor({
  value,
  onChange,
  label,
  describedBy,
  invalid,
  mark,
  placeholder: hint,
}: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const viewRef = useRef<EditorView | null>(null)
  const onChangeLatest = useRef(onChange)
  onChangeLatest.current = onChange
  /** The last text this editor reported: the owner's `value` echoing it needs no update. */
  const reported = useRef(value)
  const attributes = useRef(new Compartment()).current

  // The view is made once; later props reach it as transactions (below), keeping undo history.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first props build it, the effects below follow them
  useEffect(() => {
    if (!host.current) return
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          json(),
          bracketMatching(),
          indentOnInput(),
          EditorView.lineWrapping,
          lintGutter(),
          placeholder(hint ?? ''),
          jsonEditorLook,
          attributes.of(accessibility(label, describedBy, invalid)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.some((t) => t.annotation(fromOwner))) return
            reported.current = update.state.doc.toString()
            onChangeLatest.current(reported.current)
          }),
        ],
      }),
    })
    viewRef.current = view
    return () => {
      view.destroy()
      viewRef.current = null
    }
  }, [])

  useEffect(() => {
    const view = viewRef.current
    if (!view || value === reported.current || value === view.state.doc.toString()) return
    reported.current = value
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: value },
      // Its own undo step: undo after picking a preset gives back what was typed before it.
      annotations: [fromOwner.of(true), isolateHistory.of('full')],
    })
  }, [value])

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: attributes.reconfigure(accessibility(label, describedBy, invalid)),
    })
  }, [attributes, label, describedBy, invalid])

  const markOffset = mark?.offset
  const markMessage = mark?.message
  useEffect(() => {
    const view = viewRef.current
    if (!view) return
    const marked =
      markOffset === undefined || markMessage === undefined
        ? []
        : [diagnosticAt(view.state, { offset: markOffset, message: markMessage })]
    view.dispatch(setDiagnostics(view.state, marked))
  }, [markOffset, markMessage])

  return <div ref={host} className="json-editor" />
}
