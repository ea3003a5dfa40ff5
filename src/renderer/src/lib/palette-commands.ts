/**
 * What the command palette (Ctrl/Cmd+K) offers: every view, every process's launch, the newest
 * runs, and the window's own actions. Built from what the window already holds, so it is complete
 * by construction: a new view or process appears here without a line of its own.
 */
import type { ProcessSummary, RunSummary } from '../../../shared/domain'
import { runKey } from '../../../shared/runs'
import { formatTimestamp } from './format'
import { processKeyOf } from './run-filter'
import { viewKeys } from './shortcuts'

/** What choosing a palette entry does; the app carries it out (one path per action, not a second). */
export type PaletteAction<View extends string> =
  | { kind: 'view'; view: View }
  /** Shows the process's Launch button with its payload editor, focused: Enter launches. */
  | { kind: 'launch'; process: ProcessSummary }
  | { kind: 'open-run'; run: RunSummary }
  | { kind: 'refresh' }
  | { kind: 'close-run' }

export interface PaletteCommand<View extends string> {
  /** Unique among the entries (cmdk keys its items by value). */
  id: string
  group: 'Go to' | 'Launch' | 'Open run' | 'Actions'
  label: string
  /** Matched as well as the label (a workspace's name, a run's state). */
  keywords: string[]
  /** Its keyboard shortcut as it reads (a view's "Ctrl+2"), shown beside it. */
  keys?: string
  action: PaletteAction<View>
}

/** The newest runs offered: enough to find today's, few enough to stay quick to scan. */
export const PALETTE_RUNS = 30

export interface PaletteSources<View extends string> {
  views: readonly { view: View; label: string }[]
  processes: readonly ProcessSummary[]
  /** Newest first, as the feed holds them. */
  runs: readonly RunSummary[]
  nameOf(connectionId: string): string
  /** Whether a run's detail is open (offers "Close the open run"). */
  runOpen: boolean
  nowMs: number
  /** Shortcuts read with ⌘ (macOS) rather than Ctrl. */
  mac: boolean
}

export function paletteCommands<View extends string>(sources: PaletteSources<View>): PaletteCommand<View>[] {
  const { nameOf } = sources
  const views = sources.views.map(
    ({ view, label }, index): PaletteCommand<View> => ({
      id: `view:${view}`,
      group: 'Go to',
      label,
      keywords: ['view', 'page'],
      keys: viewKeys(index, sources.mac),
      action: { kind: 'view', view },
    }),
  )
  const launches = [...sources.processes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(
      (process): PaletteCommand<View> => ({
        id: `launch:${processKeyOf({ ...process, processId: process.id })}`,
        group: 'Launch',
        label: `Launch ${process.name}`,
        keywords: [nameOf(process.connectionId), 'run', 'start'],
        action: { kind: 'launch', process },
      }),
    )
  const runs = sources.runs.slice(0, PALETTE_RUNS).map(
    (run): PaletteCommand<View> => ({
      id: `run:${runKey(run)}`,
      group: 'Open run',
      label: `${run.processName}: ${run.state}, ${formatTimestamp(run.startedAt ?? run.createdAt, sources.nowMs)}`,
      keywords: [nameOf(run.connectionId), run.id],
      action: { kind: 'open-run', run },
    }),
  )
  const actions: PaletteCommand<View>[] = [
    {
      id: 'action:refresh',
      group: 'Actions',
      label: 'Refresh runs and processes',
      keywords: ['reload', 'sync'],
      action: { kind: 'refresh' },
    },
  ]
  if (sources.runOpen)
    actions.push({
      id: 'action:close-run',
      group: 'Actions',
      label: 'Close the open run',
      keywords: ['detail'],
      action: { kind: 'close-run' },
    })
  return [...views, ...actions, ...launches, ...runs]
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)

/**
 * How well an entry matches what was typed, 0 (hidden) to 1; `keywords` are the entry's label
 * first, then its keywords. Every typed word must start a word of the entry (or, from three letters
 * on, appear inside one): no scattered letters, so "payroll" does not find "Launch Echo payload" by
 * picking letters out of its workspace's name. An entry whose label starts with the search ranks
 * first, then those matched in their label, then those matched through a keyword only.
 */
export function paletteMatch(search: string, keywords: readonly string[]): number {
  const typed = words(search)
  if (typed.length === 0) return 1
  const [label = '', ...rest] = keywords
  const labelWords = words(label)
  const allWords = [...labelWords, ...rest.flatMap(words)]
  const found = (token: string, among: string[]) =>
    among.some((word) => word.startsWith(token) || (token.length >= 3 && word.includes(token)))
  if (!typed.every((token) => found(token, allWords))) return 0
  if (label.toLowerCase().startsWith(search.trim().toLowerCase())) return 1
  return typed.every((token) => found(token, labelWords)) ? 0.7 : 0.4
}
