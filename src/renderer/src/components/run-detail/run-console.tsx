/**
 * A step run's console: tailed live while the step runs, searchable (the lines that do not match
 * are hidden, the count says how many match), and copied whole to the clipboard.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import type { StepRunSummary } from '../../../../shared/run-detail'
import { useConsoleTail } from '../../hooks/use-console-tail'
import { plural } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { ChoiceSelect } from '../forms/choice-select'
import { SearchInput } from '../search-input'
import { PermissionNote } from './permission-note'

interface RunConsoleProps {
  connectionId: string
  stepRuns: readonly StepRunSummary[]
  deniedReason: string | undefined
}

const isStepActive = (step: StepRunSummary | undefined) =>
  step !== undefined && step.state !== 'completed' && step.state !== 'failed'

export function RunConsole({ connectionId, stepRuns, deniedReason }: RunConsoleProps) {
  // The step shown: the one chosen, else the latest that started (the one printing now).
  const [chosen, setChosen] = useState<string | undefined>()
  const step = stepRuns.find((s) => s.id === chosen) ?? stepRuns.findLast((s) => s.startedAt) ?? stepRuns[0]
  const tail = useConsoleTail(connectionId, deniedReason ? undefined : step?.id, isStepActive(step))
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [copied, setCopied] = useState<string | undefined>()
  const [follow, setFollow] = useState(true)
  const scrollRef = useRef<HTMLDivElement>(null)

  const shown = useMemo(() => {
    const needle = deferredSearch.trim().toLocaleLowerCase()
    return needle ? tail.lines.filter((l) => l.message.toLocaleLowerCase().includes(needle)) : tail.lines
  }, [tail.lines, deferredSearch])

  // Following keeps the newest line in view as lines arrive; scrolling up stops following.
  useEffect(() => {
    const box = scrollRef.current
    if (follow && box && shown.length > 0) box.scrollTop = box.scrollHeight
  }, [shown, follow])

  if (deniedReason) return <PermissionNote what="The console" reason={deniedReason} />
  if (!step) return <EmptyState title="No step has run yet." />

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(tail.lines.map((l) => l.message).join('\n'))
      setCopied(`Copied ${plural(tail.lines.length, 'line')}.`)
    } catch {
      setCopied('The clipboard is not available here; select the lines and copy them instead.')
    }
  }

  return (
    <div className="run-console">
      <div className="run-console__bar">
        {stepRuns.length > 1 && (
          <ChoiceSelect
            label="Step"
            value={step.id}
            onChange={setChosen}
            choices={stepRuns.map((s) => ({ value: s.id, label: s.stepName }))}
          />
        )}
        <SearchInput
          label="Search the console"
          className="run-console__search"
          value={search}
          onChange={setSearch}
        />
        <button
          type="button"
          className="button button--small"
          onClick={copy}
          disabled={tail.lines.length === 0}
        >
          Copy
        </button>
        <label className="run-console__follow">
          <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} />{' '}
          Follow
        </label>
      </div>
      <p className="run-console__status" role="status">
        {copied ??
          (deferredSearch.trim()
            ? `${plural(shown.length, 'line')} of ${tail.lines.length} match.`
            : isStepActive(step)
              ? `Live: ${plural(tail.lines.length, 'line')} so far.`
              : plural(tail.lines.length, 'line'))}
      </p>
      {tail.error !== undefined && <ErrorBanner title="Could not read the console." error={tail.error} />}
      {tail.loading ? (
        <LoadingState label="Reading the console…" />
      ) : (
        <div
          className="run-console__lines"
          ref={scrollRef}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, and keyboard users must reach it
          tabIndex={0}
          role="log"
          aria-label="Console output"
          onWheel={(event) => {
            if (event.deltaY < 0) setFollow(false)
          }}
        >
          {shown.map((line, index) => (
            // Lines have no id; their place in the (append-only) log is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <div key={index} className="run-console__line">
              <time className="run-console__time" dateTime={line.timestamp}>
                {line.timestamp.slice(11, 19)}
              </time>
              <span className="run-console__message">{line.message}</span>
            </div>
          ))}
          {shown.length === 0 && (
            <p className="run-console__empty">{tail.lines.length ? 'No line matches.' : 'No output yet.'}</p>
          )}
        </div>
      )}
    </div>
  )
}
