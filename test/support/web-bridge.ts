/**
 * Calls web mode's HTTP bridge as the page does (its token from the printed URL), keeping every
 * answer's text so a test can check that none carries a secret.
 */
import { webAuthScheme, webCommandPath } from '../../src/shared/web-protocol'
import type { RunningWebMode } from './web-mode'

export function webBridge(running: RunningWebMode) {
  const token = new URL(running.url).hash.split('=')[1] as string
  const answers: string[] = []
  const call = async (name: string, body: unknown = {}) => {
    const response = await fetch(`${running.origin}${webCommandPath(name)}`, {
      method: 'POST',
      headers: { authorization: `${webAuthScheme} ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    const text = await response.text()
    answers.push(text)
    return JSON.parse(text)
  }
  return { call, answers }
}
