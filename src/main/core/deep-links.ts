/**
 * Deep links: `robodeck://run/<connection>/<run>` opens a run; `robodeck://launch/<connection>/<process>`
 * asks for confirmation before it launches (a link is something anyone can send you, so it never
 * launches by itself). Parsed and validated here, in one place, before anything acts on them, and
 * followed here too; the desktop app only feeds the links in and shows the dialog.
 */
import type { CommandHandlers, RunToOpen } from '../../shared/bridge'
import type { ConnectionSummary } from '../../shared/domain'
import type { Dispatch } from './dispatch'

export type DeepLink =
  | { kind: 'run'; connectionId: string; runId: string }
  | { kind: 'launch'; connectionId: string; processId: string; needsConfirmation: true }

export const DEEP_LINK_SCHEME = 'robodeck:'
const MAX_LINK_LENGTH = 2_000
/** Ids as Control Room and Robodeck make them: no slashes, controls or spaces. */
const SAFE_ID = /^[A-Za-z0-9._~-]{1,200}$/

/** The link's meaning, or null for anything that is not exactly one of the two forms. */
export function parseDeepLink(link: string): DeepLink | null {
  if (typeof link !== 'string' || link.length > MAX_LINK_LENGTH) return null
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== DEEP_LINK_SCHEME || url.search || url.hash || url.username || url.password) return null
  // `robodeck://run/a/b` puts `run` in the host and `/a/b` in the path.
  const segments = url.pathname.split('/').slice(1)
  if (segments.length !== 2) return null
  let ids: string[]
  try {
    ids = segments.map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
  const [connectionId, second] = ids as [string, string]
  if (!SAFE_ID.test(connectionId) || !SAFE_ID.test(second)) return null
  if (url.host === 'run') return { kind: 'run', connectionId, runId: second }
  if (url.host === 'launch')
    return { kind: 'launch', connectionId, processId: second, needsConfirmation: true }
  return null
}

/** The link that opens a run (what a notification carries). */
export const runLink = (connectionId: string, runId: string) =>
  `robodeck://run/${encodeURIComponent(connectionId)}/${encodeURIComponent(runId)}`

/** What the confirmation before a linked launch says. */
export interface LaunchQuestion {
  title: string
  message: string
  detail: string
  /** The workspace is marked production: the dialog warns, and Cancel is the default. */
  production: boolean
}

/** Who asks for the launch: a robodeck:// link (anyone may have sent it) or the tray's menu. */
const ASKED_BY = {
  link: 'A robodeck:// link asks to start this process. Launch it only if you expected this link.',
  tray: 'You chose it in the tray menu.',
} as const

/** The question asked before launching processName in a workspace (a link's launch, or the tray's in production). */
export function launchQuestion(
  processName: string,
  workspaceName: string,
  production: boolean,
  askedBy: keyof typeof ASKED_BY = 'link',
): LaunchQuestion {
  return {
    title: 'Launch a process?',
    message: production
      ? `Launch “${processName}” in the PRODUCTION workspace “${workspaceName}”?`
      : `Launch “${processName}” in “${workspaceName}”?`,
    detail:
      ASKED_BY[askedBy] +
      (production ? ' This workspace is marked as production: the run works on real data.' : ''),
    production,
  }
}

/** What following a link needs from the app: the core's parts and the desktop's dialogs. */
export interface DeepLinkDeps {
  /** The connection's name and whether it is production; throws for an unknown id. */
  connections: { get(id: string): Pick<ConnectionSummary, 'name' | 'production'> }
  listProcesses: CommandHandlers['processes']['list']
  dispatch: Dispatch
  /** Shows the window on a run. */
  openRun(run: RunToOpen): void
  /** Asks the person; true to launch. */
  confirm(question: LaunchQuestion): Promise<boolean>
  /** Tells the person what became of a launch they confirmed (a notification). */
  tell(title: string, body: string): void
  /** A line for the log: never the link itself, which anyone may have written. */
  log(line: string): void
}

/**
 * Follows robodeck:// links: a run link opens the run; a launch link names the process and the
 * workspace in a confirmation, and launches only once the person agrees (then opens the new run).
 * One confirmation at a time: a launch link that comes while one is open is ignored, so a page
 * that fires links in a loop cannot pile dialogs up. Anything else is ignored with a log line that
 * does not repeat the link.
 */
export function createDeepLinkFollower(deps: DeepLinkDeps): (link: string) => Promise<void> {
  let asking = false

  const askThenLaunch = async (
    link: Extract<DeepLink, { kind: 'launch' }>,
    connection: Pick<ConnectionSummary, 'name' | 'production'>,
  ) => {
    const listed = await deps.listProcesses({ connectionId: link.connectionId })
    const process = listed.processes.find((candidate) => candidate.id === link.processId)
    if (!process) {
      const failure = listed.failures[0]
      if (failure) deps.tell('Could not check the linked process', failure.message)
      else deps.log(`ignored a robodeck:// launch link to a process ${connection.name} does not have`)
      return
    }
    if (!(await deps.confirm(launchQuestion(process.name, connection.name, connection.production)))) return
    const launched = await deps.dispatch('processes.launch', {
      connectionId: link.connectionId,
      processId: link.processId,
    })
    if (!launched.ok) {
      deps.tell(`Could not launch ${process.name}`, launched.error.message)
      return
    }
    const { runId } = launched.value as { runId: string }
    deps.openRun({ connectionId: link.connectionId, runId })
  }

  return async (link) => {
    const parsed = parseDeepLink(link)
    if (!parsed) {
      deps.log('ignored a robodeck:// link that is not a run or launch link')
      return
    }
    let connection: Pick<ConnectionSummary, 'name' | 'production'>
    try {
      connection = deps.connections.get(parsed.connectionId)
    } catch {
      deps.log(`ignored a robodeck:// ${parsed.kind} link to a connection Robodeck does not have`)
      return
    }
    if (parsed.kind === 'run') {
      deps.openRun({ connectionId: parsed.connectionId, runId: parsed.runId })
      return
    }
    if (asking) {
      deps.log('ignored a robodeck:// launch link that came while another launch was being asked about')
      return
    }
    asking = true
    try {
      await askThenLaunch(parsed, connection)
    } finally {
      asking = false
    }
  }
}
