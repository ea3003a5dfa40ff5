/**
 * A launch from the tray's menu. It asks first where the window does, by the same rule
 * (launchNeedsConfirmation: a workspace marked as production); the desktop asks in a native dialog
 * naming the process and the workspace, Cancel the default. One question at a time: a click while
 * one is open is dropped, so a double click cannot stack dialogs or launch twice.
 */
import type { ConnectionSummary, JsonValue } from '../../shared/domain'
import { launchNeedsConfirmation } from '../../shared/system-settings'
import { type LaunchQuestion, launchQuestion } from './deep-links'
import type { Dispatch } from './dispatch'

export interface TrayLaunch {
  connectionId: string
  processId: string
  /** The process's name as the menu shows it. */
  processName: string
  payload?: JsonValue
}

export interface TrayLaunchDeps {
  /** The workspace's name and whether it is production; throws for an unknown id. */
  connections: { get(id: string): Pick<ConnectionSummary, 'name' | 'production'> }
  dispatch: Dispatch
  /** Asks the person; true to launch. */
  confirm(question: LaunchQuestion): Promise<boolean>
  /** Tells the person what went wrong (a notification). */
  tell(title: string, body: string): void
}

/** Creates the tray's launcher; it resolves once the launch was sent, refused, or not asked for. */
export function createTrayLauncher(deps: TrayLaunchDeps): (launch: TrayLaunch) => Promise<void> {
  let asking = false
  return async ({ connectionId, processId, processName, payload }) => {
    if (asking) return
    let connection: Pick<ConnectionSummary, 'name' | 'production'>
    try {
      connection = deps.connections.get(connectionId)
    } catch (error) {
      deps.tell('Could not launch the process', error instanceof Error ? error.message : String(error))
      return
    }
    if (launchNeedsConfirmation(connection)) {
      asking = true
      try {
        const question = launchQuestion(processName, connection.name, connection.production, 'tray')
        if (!(await deps.confirm(question))) return
      } finally {
        asking = false
      }
    }
    const request = payload === undefined ? { connectionId, processId } : { connectionId, processId, payload }
    const result = await deps.dispatch('processes.launch', request)
    if (!result.ok) deps.tell(`Could not launch ${processName}`, result.error.message)
  }
}
