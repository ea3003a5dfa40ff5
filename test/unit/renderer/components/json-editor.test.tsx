/**
 * The JSON code editor (CodeMirror) and the payload disclosure that loads it, in happy-dom: the
 * textbox's name and description, edits reported and outside values taken in, the error marked
 * where it is, Tab left to the page, and styles that need no inline <style> (the window's CSP).
 */
import { undo } from '@codemirror/commands'
import { diagnosticCount, forEachDiagnostic } from '@codemirror/lint'
import { EditorView, runScopeHandlers } from '@codemirror/view'
import { act, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import JsonEditor from '../../../../src/renderer/src/components/json-editor/json-editor'
import { PayloadEditor } from '../../../../src/renderer/src/components/payload-editor'
import { parsePayload } from '../../../../src/renderer/src/lib/payload'

/** The payload disclosure as a process row holds it: the text in state, parsed on each render. */
function Payload({ initial = '', onText }: { initial?: string; onText?: (text: string) => void }) {
  const [text, setText] = useState(initial)
  return (
    <>
      <PayloadEditor
        processName="Payroll"
        text={text}
        parsed={parsePayload(text)}
        onChange={(next) => {
          setText(next)
          onText?.(next)
        }}
      />
      <button type="button" onClick={() => setText('{\n  "month": 5\n}')}>
        Fill from outside
      </button>
    </>
  )
}

async function open(): Promise<{ textbox: HTMLElement; view: EditorView }> {
  const details = document.querySelector('details') as HTMLDetailsElement
  details.open = true
  act(() => {
    details.dispatchEvent(new Event('toggle'))
  })
  const textbox = await screen.findByRole('textbox', { name: 'Payload for Payroll' })
  const view = EditorView.findFromDOM(textbox)
  if (!view) throw new Error('no editor')
  return { textbox, view }
}

const type = (view: EditorView, text: string) =>
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }))

const describedText = (textbox: HTMLElement) =>
  document.getElementById(textbox.getAttribute('aria-describedby') ?? '')?.textContent

describe('the payload editor', () => {
  it('loads the code editor only when the disclosure first opens', async () => {
    render(<Payload />)
    expect(screen.queryByRole('textbox')).toBeNull()
    expect(document.querySelector('.cm-editor')).toBeNull()
    const { textbox } = await open()
    expect(textbox.getAttribute('contenteditable')).toBe('true')
    expect(textbox.getAttribute('aria-invalid')).toBeNull()
    expect(describedText(textbox)).toMatch(/^JSON, sent as the run's input work item/)
  })

  it('reports edits, and marks the error at its line and column until it is fixed', async () => {
    const seen: string[] = []
    render(<Payload onText={(text) => seen.push(text)} />)
    const { textbox, view } = await open()

    type(view, '{\n  "month": 11,\n  "year" 2026\n}')
    const message = "Line 3, column 10: Expected ':' after property name"
    expect(seen).toEqual(['{\n  "month": 11,\n  "year" 2026\n}'])
    expect(textbox.getAttribute('aria-invalid')).toBe('true')
    expect(describedText(textbox)).toBe(message)
    expect(diagnosticCount(view.state)).toBe(1)
    const marks: { from: number; line: number; message: string }[] = []
    forEachDiagnostic(view.state, (d, from) =>
      marks.push({ from, line: view.state.doc.lineAt(from).number, message: d.message }),
    )
    expect(marks).toEqual([{ from: view.state.doc.toString().indexOf('2026'), line: 3, message }])
    expect(document.querySelector('.cm-lintRange-error')?.textContent).toBe('2')
    expect(document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error')).toHaveLength(1)

    type(view, '{\n  "month": 11,\n  "year": 2026\n}')
    expect(textbox.getAttribute('aria-invalid')).toBeNull()
    expect(diagnosticCount(view.state)).toBe(0)
    expect(describedText(textbox)).toMatch(/^JSON, sent/)
  })

  it('takes a value set from outside (a preset, Run again) without reporting it as an edit', async () => {
    const seen: string[] = []
    render(<Payload onText={(text) => seen.push(text)} />)
    const { view } = await open()
    type(view, '[1]')
    act(() => screen.getByRole('button', { name: 'Fill from outside' }).click())
    expect(view.state.doc.toString()).toBe('{\n  "month": 5\n}')
    expect(seen).toEqual(['[1]'])
    // The outside value is one undoable change, like any other: undo brings the typed text back.
    act(() => {
      undo(view)
    })
    expect(view.state.doc.toString()).toBe('[1]')
    expect(seen).toEqual(['[1]', '[1]'])
  })

  it('leaves Tab to the page, so focus moves on instead of being trapped', async () => {
    render(<Payload initial='{"a": 1}' />)
    const { view } = await open()
    for (const shiftKey of [false, true]) {
      const tab = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true })
      expect(runScopeHandlers(view, tab, 'editor')).toBe(false)
    }
    expect(view.state.doc.toString()).toBe('{"a": 1}')
  })

  it('puts its styles in an adopted stylesheet, not an inline <style> the CSP would block', () => {
    render(<JsonEditor value="{}" onChange={() => {}} label="JSON" describedBy="none" invalid={false} />)
    expect(document.querySelector('.cm-editor')).not.toBeNull()
    expect(document.querySelectorAll('style')).toHaveLength(0)
    const rules = document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText))
    expect(rules.some((rule) => rule.includes('.cm-scroller'))).toBe(true)
  })
})
