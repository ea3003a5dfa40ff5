/**
 * The Runs panel rendered to HTML with react-dom/server: how many runs it calls active must be what
 * the tray calls running, `stopping` included (both use src/shared/runs.ts).
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTrayModel } from '../../../src/main/core/tray-model'
import { trayOverview } from '../../../src/main/core/tray-overview'
import { RunState, type RunSummary } from '../../../src/shared/domain'
import { runSummary } from '../../support/fixtures'

// Imported by a path the Node typecheck does not follow: it has no JSX or DOM types, and the
// renderer's own tsconfig checks the component. The bridge module picks its transport on import.
const PANEL = '../../../src/renderer/src/components/runs-panel'
type RunsPanelProps = {
  runs: {
    runs: readonly RunSummary[]
    failures: []
    loading: boolean
    refreshing: boolean
    error: unknown
    reload(): void
  }
  nameOf(connectionId: string): string
  highlightKey: string | undefined
}
let RunsPanel: (props: RunsPanelProps) => unknown

beforeAll(async () => {
  vi.stubGlobal('window', { robodeck: { commands: {}, on: () => () => {} } })
  ;({ RunsPanel } = await import(/* @vite-ignore */ PANEL))
})
afterAll(() => {
  vi.unstubAllGlobals()
})

const render = (runs: RunSummary[]) =>
  renderToStaticMarkup(
    createElement(RunsPanel as never, {
      runs: { runs, failures: [], loading: false, refreshing: false, error: undefined, reload() {} },
      nameOf: () => 'Local',
      highlightKey: undefined,
    } satisfies RunsPanelProps),
  )

const activeLabel = (html: string) => /<span class="runs-panel__running">([^<]*)<\/span>/.exec(html)?.[1]

describe('runs panel', () => {
  it('counts a stopping run as active, as the tray does', () => {
    const runs = [runSummary({ id: 'r1', state: 'stopping' }), runSummary({ id: 'r2', state: 'completed' })]
    expect(activeLabel(render(runs))).toBe('1 run active')
    expect(buildTrayModel(trayOverview(runs, [], [], Date.now()), []).tooltip).toBe('Robodeck — 1 running')
  })

  it('agrees with the tray on every run state', () => {
    for (const state of RunState.options) {
      const runs = [runSummary({ id: 'r1', state })]
      const trayRuns = trayOverview(runs, [], [], Date.now()).running.length
      expect(activeLabel(render(runs)) === '1 run active', state).toBe(trayRuns === 1)
    }
  })
})
