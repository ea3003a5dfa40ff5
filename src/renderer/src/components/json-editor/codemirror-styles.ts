/**
 * CodeMirror's styles under the window's Content-Security-Policy (style-src 'self', no inline style).
 *
 * CodeMirror generates its CSS at run time through style-mod, which writes it into a <style> element
 * when the editor sits in a document: the policy blocks that, and the editor would come out
 * unstyled. In a shadow root, style-mod uses a constructed stylesheet (new CSSStyleSheet(), added
 * through the CSSOM, which the policy does not govern) instead. So the document's styles are
 * mounted through a stand-in root that offers the document's adoptedStyleSheets and no <head>:
 * the same rules, in a stylesheet the policy allows, and no 'unsafe-inline' or nonce to manage.
 */
import { StyleModule } from 'style-mod'

type MountRoot = Parameters<typeof StyleModule.mount>[0]

/** The document as style-mod sees a shadow root: its adopted stylesheets, no <head>. */
function adoptedSheetsOf(document: Document): MountRoot {
  return {
    ownerDocument: document,
    get adoptedStyleSheets() {
      return document.adoptedStyleSheets
    },
    set adoptedStyleSheets(sheets: CSSStyleSheet[]) {
      document.adoptedStyleSheets = sheets
    },
  } as unknown as MountRoot
}

/** By node type, not instanceof: a document from another realm (an iframe, a test DOM) counts too. */
const isDocument = (root: MountRoot): root is Document => (root as Node).nodeType === 9 // DOCUMENT_NODE

let installed = false

/** Routes CodeMirror's style mounts for documents to their adopted stylesheets; once per window. */
export function mountCodeMirrorStylesWithoutInlineStyle(): void {
  if (installed || typeof document === 'undefined' || !('adoptedStyleSheets' in document)) return
  installed = true
  const mount = StyleModule.mount
  const standIns = new WeakMap<Document, MountRoot>()
  StyleModule.mount = (root, modules, options) => {
    if (!isDocument(root)) return mount(root, modules, options)
    let standIn = standIns.get(root)
    if (!standIn) {
      standIn = adoptedSheetsOf(root)
      standIns.set(root, standIn)
    }
    mount(standIn, modules, options)
  }
}
