/** Builds the typed `commands` object from the contract's command list, for any transport. */
import type { BridgeCommands, CommandName } from '../../../shared/bridge'
import { commandList } from '../../../shared/bridge'

type Method = (request: unknown) => Promise<unknown>

/**
 * One method per contract command, each forwarding to `call` with the wire name. Generated so a
 * command added to the contract needs no renderer change to become callable.
 */
export function buildCommands(
  call: (name: CommandName, request: unknown) => Promise<unknown>,
): BridgeCommands {
  const namespaces: Record<string, Record<string, Method>> = {}
  for (const { namespace, method, name } of commandList) {
    const methods = namespaces[namespace] ?? {}
    methods[method] = (request) => call(name, request ?? {})
    namespaces[namespace] = methods
  }
  // The loop above produced exactly the shape BridgeCommands describes, from the same list.
  return namespaces as unknown as BridgeCommands
}
