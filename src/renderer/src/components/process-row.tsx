/** One launchable process: its name and workspace, a Launch button and an optional payload. */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { JsonValue, ProcessSummary, RunSummary } from '../../../shared/domain'
import { errorMessage, isBridgeError } from '../bridge'
import { useLaunch } from '../hooks/use-launch'
import { parsePayload } from '../lib/payload'
import { ErrorCode } from './feedback'
import { LaunchConfirm } from './launch-confirm'
import { PayloadEditor } from './payload-editor'
import { PayloadPresets } from './payload-presets'
import { ProcessHistory } from './process-history'

interface ProcessRowProps {
  process: ProcessSummary
  workspaceName: string
  /** The workspace is marked production: a launch asks first. */
  production: boolean
  /** Its newest runs from the feed, newest first (empty: none seen). */
  history: RunSummary[]
  /** A favourite (shared with the tray): listed first, its star filled. */
  favourite: boolean
  /** Stars or unstars it; undefined while a change is being saved. */
  onToggleFavourite: (() => void) | undefined
  onLaunched(process: ProcessSummary, runId: string): void
  /** Opens the process's insights (its last runs charted). */
  onInsights(): void
  /** Set when the Launch button should take focus (and, with a payload, launch); called once it has. */
  focusLaunch?: () => void
  /** Run again's payload: the row shows it in its editor and launches with it. */
  launchWith?: { payload: JsonValue | undefined }
}

/** Three bars, as the insights chart draws runs. */
function InsightsGlyph() {
  return (
    <svg className="process-row__insights-glyph" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="2" y="8" width="3" height="6" rx="0.5" />
      <rect x="6.5" y="3" width="3" height="11" rx="0.5" />
      <rect x="11" y="6" width="3" height="8" rx="0.5" />
    </svg>
  )
}

export function ProcessRow({
  process,
  workspaceName,
  production,
  history,
  favourite,
  onToggleFavourite,
  onLaunched,
  onInsights,
  focusLaunch,
  launchWith,
}: ProcessRowProps) {
  const [payloadText, setPayloadText] = useState('')
  const parsed = useMemo(() => parsePayload(payloadText), [payloadText])
  const { pending, error, launch, clearError } = useLaunch(process)
  const launchButton = useRef<HTMLButtonElement>(null)

  /** The payload a production launch waits to send, while the row asks. */
  const [confirming, setConfirming] = useState<{ payload: JsonValue | undefined } | undefined>()

  const send = async (payload: JsonValue | undefined) => {
    const runId = await launch(payload)
    if (runId !== undefined) onLaunched(process, runId)
  }
  // Every launch of this process goes through here (Launch, the palette's focus, Run again).
  const start = (payload: JsonValue | undefined) => {
    if (production) setConfirming({ payload })
    else void send(payload)
  }
  const edit = (text: string) => {
    setPayloadText(text)
    clearError()
  }
  const startLatest = useRef(start)
  startLatest.current = start

  useEffect(() => {
    if (!focusLaunch) return
    // After the palette's dialog has closed and handed focus back to where it was (its own timeout).
    const timer = setTimeout(() => {
      launchButton.current?.scrollIntoView({ block: 'nearest' })
      launchButton.current?.focus()
      focusLaunch()
      if (!launchWith) return
      const { payload } = launchWith
      setPayloadText(payload === undefined ? '' : JSON.stringify(payload, null, 2))
      startLatest.current(payload)
    }, 0)
    return () => clearTimeout(timer)
  }, [focusLaunch, launchWith])

  // Starring disables the star while it saves, then moves the row (favourites come first): both
  // lose focus in Chromium. Once it is enabled again, give focus back, unless it went elsewhere.
  const starButton = useRef<HTMLButtonElement>(null)
  const starClicked = useRef(false)
  const starDisabled = !onToggleFavourite
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the star's state has changed
  useEffect(() => {
    if (!starClicked.current || starDisabled) return
    starClicked.current = false
    if (document.activeElement === null || document.activeElement === document.body)
      starButton.current?.focus()
  }, [favourite, starDisabled])

  const closeConfirm = () => {
    setConfirming(undefined)
    launchButton.current?.focus()
  }

  return (
    <li className="process-row" data-process-id={process.id} data-connection-id={process.connectionId}>
      <div className="process-row__line">
        <button
          ref={starButton}
          type="button"
          className={`button button--ghost button--icon process-row__star${favourite ? ' process-row__star--on' : ''}`}
          aria-label={`Favourite ${process.name}`}
          aria-pressed={favourite}
          title={favourite ? 'A favourite (listed first, and in the tray)' : 'Make it a favourite'}
          disabled={starDisabled}
          onClick={() => {
            starClicked.current = true
            onToggleFavourite?.()
          }}
        >
          <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
        </button>
        <div className="process-row__names">
          <span className="process-row__name" title={process.name}>
            {process.name}
          </span>
          <span className="process-row__workspace" title={`Workspace ${workspaceName}`}>
            {workspaceName}
          </span>
        </div>
        <ProcessHistory processName={process.name} runs={history} />
        <button
          ref={launchButton}
          type="button"
          className="button button--primary button--small"
          aria-label={`Launch ${process.name}`}
          disabled={!parsed.ok || pending}
          onClick={() => parsed.ok && start(parsed.payload)}
        >
          {pending ? 'Launching…' : 'Launch'}
        </button>
      </div>
      {/* The second line: the payload disclosure, and the insights beside it (below Launch). */}
      <div className="process-row__more">
        <PayloadEditor processName={process.name} text={payloadText} parsed={parsed} onChange={edit}>
          <PayloadPresets process={process} payload={parsed.ok ? parsed.payload : undefined} onApply={edit} />
        </PayloadEditor>
        <button
          type="button"
          className="button button--ghost button--small process-row__insights"
          aria-label={`Insights for ${process.name}`}
          aria-haspopup="dialog"
          title="Durations and outcomes of its last runs"
          onClick={onInsights}
        >
          <InsightsGlyph />
          Insights
        </button>
      </div>
      {confirming && (
        <LaunchConfirm
          processName={process.name}
          workspaceName={workspaceName}
          onConfirm={() => {
            closeConfirm()
            void send(confirming.payload)
          }}
          onCancel={closeConfirm}
        />
      )}
      {error !== undefined && (
        <div className="process-row__error" role="alert">
          <span>
            Could not launch {process.name}: {errorMessage(error)}
          </span>
          {isBridgeError(error) && <ErrorCode code={error.code} status={error.status} />}
          <button type="button" className="button button--ghost button--small" onClick={clearError}>
            Dismiss
          </button>
        </div>
      )}
    </li>
  )
}
