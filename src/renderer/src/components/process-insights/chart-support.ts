/**
 * What the insights chart needs around uPlot: the theme's colors as a canvas can use them, a
 * redraw when the theme changes, run times on the x axis, and a tooltip for the run under the pointer.
 */
import { useEffect, useState } from 'react'
import type uPlot from 'uplot'
import type { RunSummary } from '../../../../shared/domain'
import { formatDuration } from '../../../../shared/duration'
import { formatTimestamp, runDurationSeconds } from '../../lib/format'
import { OUTCOME_LABELS, type Outcome, outcomeOf } from '../../lib/process-insights'

export type ChartColors = Record<Outcome | 'text' | 'grid', string>

const TOKENS: Record<keyof ChartColors, string> = {
  completed: '--ok',
  unresolved: '--danger',
  unfinished: '--info',
  text: '--text-muted',
  grid: '--border',
}

/**
 * The tokens as computed colors: a token is light-dark(…), which only an element's computed style
 * resolves (for the theme in force), so each is read through a hidden probe inside `within`.
 */
export function resolveChartColors(within: HTMLElement): ChartColors {
  const probe = document.createElement('span')
  probe.hidden = true
  within.append(probe)
  const colors = {} as ChartColors
  for (const [name, token] of Object.entries(TOKENS) as [keyof ChartColors, string][]) {
    probe.style.color = `var(${token})`
    colors[name] = getComputedStyle(probe).color
  }
  probe.remove()
  return colors
}

/** A number that changes whenever the theme may have: the system's scheme, or Settings' choice. */
export function useThemeVersion(): number {
  const [version, setVersion] = useState(0)
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1)
    const scheme = window.matchMedia('(prefers-color-scheme: dark)')
    scheme.addEventListener('change', bump)
    const observer = new MutationObserver(bump)
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
    return () => {
      scheme.removeEventListener('change', bump)
      observer.disconnect()
    }
  }, [])
  return version
}

/** About this many labelled runs on the x axis, evenly spread, whatever N is. */
const X_TICKS = 5

/** The x axis: ticks on a few runs' places, labelled with when each run was created. */
export function tickLabeller(runs: readonly RunSummary[]): Pick<uPlot.Axis, 'splits' | 'values'> {
  const nowMs = Date.now()
  const step = Math.max(1, Math.ceil(runs.length / X_TICKS))
  return {
    splits: () => runs.map((_, i) => i).filter((i) => i % step === 0),
    values: (_u, splits) => splits.map((i) => formatTimestamp(runs[i]?.createdAt ?? null, nowMs)),
  }
}

/** What the tooltip says of one run. */
export function describeRun(run: RunSummary, nowMs: number): string {
  const sofar = runDurationSeconds(run, nowMs)
  const duration =
    run.duration !== null
      ? formatDuration(run.duration)
      : sofar === null
        ? 'not started'
        : `${formatDuration(sofar)} so far`
  return `${OUTCOME_LABELS[outcomeOf(run.state)]} · ${duration} · ${formatTimestamp(run.createdAt, nowMs)}`
}

/** A uPlot plugin: a box over the plot naming the run under the pointer. */
export function runTooltip(runs: readonly RunSummary[]): { plugin: uPlot.Plugin } {
  let box: HTMLDivElement | undefined
  const nowMs = Date.now()
  return {
    plugin: {
      hooks: {
        init: (u) => {
          box = document.createElement('div')
          box.className = 'insights-chart__tooltip'
          box.hidden = true
          u.over.append(box)
        },
        setCursor: (u) => {
          if (!box) return
          const index = u.cursor.idx
          const run = index === null || index === undefined ? undefined : runs[index]
          if (!run) {
            box.hidden = true
            return
          }
          box.hidden = false
          box.textContent = describeRun(run, nowMs)
          // Beside the pointer, flipped to its left past the middle so it stays inside the plot.
          const left = u.cursor.left ?? 0
          const flip = left > u.over.clientWidth / 2
          box.style.left = flip ? '' : `${left + 12}px`
          box.style.right = flip ? `${u.over.clientWidth - left + 12}px` : ''
          box.style.top = `${Math.max(0, (u.cursor.top ?? 0) - 32)}px`
        },
      },
    },
  }
}
