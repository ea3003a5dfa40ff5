/** Builds the typed `commands` object from the contract's command list, for any transport. */
import type { BridgeCommands, CommandName } from '../../../shared/bridge'
import { mapCommands } from '../../../shared/bridge-names'

/**
 * One method per contract command, each forwarding to `call` with the wire name. `call` checks the
 * answer against that command's response schema (unwrapResult), which is what lets its `unknown`
 * stand for the command's response type here.
 */
export function buildCommands(
  call: (name: CommandName, request: unknown) => Promise<unknown>,
): BridgeCommands {
  return mapCommands((name) => (request?: unknown) => call(name, request ?? {})) as BridgeCommands
}
