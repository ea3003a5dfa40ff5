/**
 * The run list as a table: one row per run, updated in place as events arrive. Virtualized
 * (TanStack Virtual): only the rows in view (plus a margin) are in the DOM, between two spacer
 * rows that keep the scroll height, so ten thousand runs scroll as smoothly as ten.
 */
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef } from 'react'
import type { RunSummary } from '../../../shared/domain'
import { formatDuration } from '../../../shared/duration'
import { isActiveRunState, isFinalRunState, runKey } from '../../../shared/runs'
import { useNow } from '../hooks/use-now'
import { formatTimestamp, runDurationSeconds, startedByLabel } from '../lib/format'
import { StateBadge } from './state-badge'

interface RunsTableProps {
  runs: readonly RunSummary[]
  nameOf(connectionId: string): string
  /** The run just launched from this window, or opened from a notification: highlighted and scrolled to. */
  highlightKey: string | undefined
  /** Opens a run's detail (a click on its row, or its name's button from the keyboard). */
  onOpen?: ((run: RunSummary) => void) | undefined
  /** The run whose detail is open: marked as selected. */
  openKey?: string | undefined
}

/** A row's height in pixels before it is measured; rows are one line, so this is close. */
const ROW_HEIGHT = 37
const rowHeight = () => ROW_HEIGHT

/**
 * The list's size until its box reports one: the window's, which the box cannot exceed, so the first
 * frame already holds every row in view. Where there is no layout (tests without a browser), the
 * first rows still render.
 */
const initialRect = () => ({ width: window.innerWidth, height: window.innerHeight || 20 * ROW_HEIGHT })

/**
 * The box's size, from a ResizeObserver only. The stock observer also reads it while the list
 * mounts; its answer differs from the initial rect, which made React render the list a second time
 * (and lay the window out a second time) before the first frame could be painted. The observer's
 * first report comes with that frame, and the list adjusts to it after the paint.
 */
const observeBoxSize: typeof observeElementRect = (instance, report) => {
  const box = instance.scrollElement
  if (!box || typeof ResizeObserver === 'undefined') return observeElementRect(instance, report)
  // Layout is fresh when the observer reports, so reading the box's client size costs nothing; it
  // is what the stock observer reports (the size inside the scrollbar).
  const observer = new ResizeObserver(() => report({ width: box.clientWidth, height: box.clientHeight }))
  observer.observe(box)
  return () => observer.disconnect()
}

/**
 * Memoized: the panel around it re-renders as workspace statuses tick, and the list need not when
 * its runs and callbacks are the same.
 */
export const RunsTable = memo(function RunsTable({
  runs,
  nameOf,
  highlightKey,
  onOpen,
  openKey,
}: RunsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // Stable while the list is: a new key function makes the virtualizer lay out all 10,000 rows'
  // positions again, which every render (a ticking clock, a scroll) would otherwise pay.
  const getItemKey = useCallback((index: number) => runKey(runs[index] as RunSummary), [runs])
  const virtualizer = useVirtualizer({
    count: runs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 12,
    initialRect: initialRect(),
    observeElementRect: observeBoxSize,
    getItemKey,
  })
  // A highlighted run (just launched, or opened from a notification) is scrolled into view, even
  // when its row is not rendered yet.
  useEffect(() => {
    if (!highlightKey) return
    const index = runs.findIndex((run) => runKey(run) === highlightKey)
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [highlightKey, runs, virtualizer])
  const items = virtualizer.getVirtualItems()
  const visible = items.map((item) => runs[item.index] as RunSummary)
  // Tick only while a row in view runs, so an idle window (or a long scrolled-away list) does no work.
  const anyRunning = visible.some((run) => isActiveRunState(run.state))
  const now = useNow(1000, anyRunning)
  const top = items[0]?.start ?? 0
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)
  return (
    <div className="table-scroll" ref={scrollRef} data-run-count={runs.length}>
      <table className="runs-table">
        <caption className="visually-hidden">Runs across all workspaces, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">State</th>
            <th scope="col">Started by</th>
            <th scope="col">Started</th>
            <th scope="col" className="is-numeric">
              Duration
            </th>
            <th scope="col">Workspace</th>
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr className="runs-table__spacer" style={{ height: top }} />}
          {visible.map((run) => {
            const key = runKey(run)
            return (
              <RunRow
                key={key}
                run={run}
                workspaceName={nameOf(run.connectionId)}
                highlighted={key === highlightKey}
                selected={key === openKey}
                onOpen={onOpen}
                now={isFinalRunState(run.state) ? 0 : now}
              />
            )
          })}
          {bottom > 0 && <tr className="runs-table__spacer" style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  )
})

interface RunRowProps {
  run: RunSummary
  workspaceName: string
  highlighted: boolean
  selected: boolean
  onOpen: ((run: RunSummary) => void) | undefined
  /** Only running rows get the ticking clock; finished rows get 0 so memo skips them. */
  now: number
}

const RunRow = memo(function RunRow({ run, workspaceName, highlighted, selected, onOpen, now }: RunRowProps) {
  const started = run.startedAt ?? run.createdAt
  const seconds = runDurationSeconds(run, now || Date.now())
  return (
    <tr
      data-run-id={run.id}
      data-connection-id={run.connectionId}
      data-process-id={run.processId}
      className={
        [highlighted && 'is-highlighted', selected && 'is-selected', onOpen && 'is-openable']
          .filter(Boolean)
          .join(' ') || undefined
      }
      onClick={onOpen ? () => onOpen(run) : undefined}
    >
      <td className="runs-table__process" title={run.processName}>
        {onOpen ? (
          // The row takes mouse clicks; this button is the same action for the keyboard.
          <button
            type="button"
            className="link-button"
            aria-label={`Open run of ${run.processName} started ${started}`}
            aria-current={selected || undefined}
            onClick={(event) => {
              event.stopPropagation()
              onOpen(run)
            }}
          >
            {run.processName}
          </button>
        ) : (
          run.processName
        )}
      </td>
      <td data-state={run.state}>
        <StateBadge state={run.state} />
      </td>
      <td className="runs-table__trigger" data-started-by={run.startedBy?.type}>
        {startedByLabel(run.startedBy)}
      </td>
      <td>
        <time
          dateTime={started}
          title={`${run.startedAt ? 'Started' : 'Created'} ${new Date(started).toLocaleString()}`}
          className={run.startedAt ? undefined : 'is-muted'}
        >
          {formatTimestamp(started, now || Date.now())}
        </time>
      </td>
      <td className="is-numeric">{seconds === null ? '—' : formatDuration(seconds)}</td>
      <td className="runs-table__workspace" title={workspaceName}>
        {workspaceName}
      </td>
    </tr>
  )
})
