/**
 * The durations of a process's last runs as bars (uPlot, on a canvas), oldest on the left, each
 * colored by how the run came out, with a tooltip per run under the pointer. A canvas cannot read
 * CSS variables, so the design tokens are resolved to colors here, and again when the theme changes.
 * The chart is an image to assistive technology; its owner gives the same data as a table.
 */
import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { RunSummary } from '../../../../shared/domain'
import { formatDuration } from '../../../../shared/duration'
import { runDurationSeconds } from '../../lib/format'
import { OUTCOME_LABELS, type Outcome, outcomeOf } from '../../lib/process-insights'
import {
  type ChartColors,
  resolveChartColors,
  runTooltip,
  tickLabeller,
  useThemeVersion,
} from './chart-support'

const HEIGHT = 220
const OUTCOMES: Outcome[] = ['completed', 'unresolved', 'unfinished']

/**
 * uPlot's data: x = the run's place (0 = oldest), then one series of durations per outcome, null
 * where the run is another's, so each place has one bar, in its outcome's color. A run not finished
 * yet is as long as it has run so far (as in the feed's Duration column).
 */
function chartData(runs: readonly RunSummary[], nowMs: number): { data: uPlot.AlignedData; longest: number } {
  const durations = runs.map((run) => runDurationSeconds(run, nowMs))
  const series = OUTCOMES.map((outcome) =>
    runs.map((run, i) => (outcomeOf(run.state) === outcome ? (durations[i] ?? null) : null)),
  )
  const longest = Math.max(1, ...durations.map((d) => d ?? 0))
  return { data: [runs.map((_, i) => i), ...series], longest }
}

function chartOptions(
  runs: readonly RunSummary[],
  longest: number,
  width: number,
  colors: ChartColors,
): uPlot.Options {
  const axis = {
    stroke: colors.text,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid },
  }
  const tooltip = runTooltip(runs)
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false }, y: false },
    scales: {
      x: { time: false, range: [-0.5, Math.max(0.5, runs.length - 0.5)] },
      y: { range: [0, longest * 1.1] },
    },
    axes: [
      { ...axis, ...tickLabeller(runs) },
      { ...axis, size: 64, values: (_u, splits) => splits.map((s) => formatDuration(s)) },
    ],
    series: [
      {},
      ...OUTCOMES.map((outcome) => ({
        label: OUTCOME_LABELS[outcome],
        fill: colors[outcome],
        stroke: colors[outcome],
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars?.({ size: [0.7, 28, 2], align: 0 }),
      })),
    ],
    plugins: [tooltip.plugin],
  }
}

export function InsightsChart({ runs, label }: { runs: readonly RunSummary[]; label: string }) {
  const host = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const themeVersion = useThemeVersion()

  useEffect(() => {
    const element = host.current
    if (!element) return
    setWidth(element.clientWidth)
    const observer = new ResizeObserver(() => setWidth(element.clientWidth))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: themeVersion redraws with the new theme's colors
  useEffect(() => {
    const element = host.current
    if (!element || width <= 0) return
    const { data, longest } = chartData(runs, Date.now())
    const chart = new uPlot(chartOptions(runs, longest, width, resolveChartColors(element)), data, element)
    return () => chart.destroy()
  }, [runs, width, themeVersion])

  return (
    <div className="insights-chart">
      <div ref={host} className="insights-chart__canvas" role="img" aria-label={label} />
      <ul className="insights-chart__legend" aria-hidden="true">
        {OUTCOMES.map((outcome) => (
          <li key={outcome}>
            <span className={`insights-chart__swatch insights-chart__swatch--${outcome}`} />
            {OUTCOME_LABELS[outcome]}
          </li>
        ))}
      </ul>
    </div>
  )
}
