/**
 * Drives a process row's payload editor (CodeMirror, loaded when its disclosure opens) in happy-dom.
 * Text goes in as a CodeMirror transaction, the form every keystroke and paste takes inside the
 * editor: happy-dom has no input pipeline CodeMirror could read typing from.
 */
import { EditorView } from '@codemirror/view'
import { act, fireEvent, screen, within } from '@testing-library/react'

/** The disclosure of a process's payload, once its row is listed. */
async function disclosureOf(processName: string): Promise<HTMLDetailsElement> {
  const name = await screen.findByText(processName, { selector: '.process-row__name' })
  const row = name.closest('.process-row')
  const details = row?.querySelector('details.payload')
  if (!(details instanceof HTMLDetailsElement)) throw new Error(`no payload disclosure for ${processName}`)
  return details
}

/** Opens the process's payload disclosure and answers the editor's textbox once it has loaded. */
export async function openPayload(processName: string): Promise<HTMLElement> {
  const details = await disclosureOf(processName)
  if (!details.open) {
    details.open = true
    fireEvent(details, new Event('toggle'))
  }
  return within(details).findByRole('textbox', { name: `Payload for ${processName}` }, { timeout: 5000 })
}

/** The editor's text, lines joined by newlines. */
export function payloadText(textbox: HTMLElement): string {
  return viewOf(textbox).state.doc.toString()
}

/** Replaces the editor's text, as selecting all and typing would. */
export async function typePayload(processName: string, text: string): Promise<HTMLElement> {
  const textbox = await openPayload(processName)
  const view = viewOf(textbox)
  act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }))
  return textbox
}

function viewOf(textbox: HTMLElement): EditorView {
  const view = EditorView.findFromDOM(textbox)
  if (!view) throw new Error('the textbox is not a CodeMirror editor')
  return view
}
