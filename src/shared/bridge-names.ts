/**
 * The bridge's wire names without their schemas: every command and event by name, the IPC channel
 * of each, and the one helper that turns the command list into `commands.<namespace>.<method>`.
 * The preload needs nothing more, so it imports this module and does not bundle zod. bridge.ts
 * checks at compile time that these lists are exactly the contract's commands and events.
 */

/** Every command's wire name, `namespace.method`. Must list exactly the commands in bridge.ts. */
export const commandNames = [
  'app.info',
  'app.relaunch',
  'app.choosePath',
  'connections.list',
  'connections.add',
  'connections.rename',
  'connections.setProduction',
  'connections.remove',
  'connections.linkCredential',
  'connections.setKey',
  'connections.status',
  'connections.refresh',
  'processes.list',
  'processes.launch',
  'runs.list',
  // run detail
  'runs.get',
  'runs.console',
  'runs.workItems',
  'runs.artifacts',
  'runs.artifact',
  'runs.stop',
  'inbox.status',
  'inbox.configure',
  'inbox.setSecret',
  'inbox.list',
  'inbox.get',
  'inbox.replay',
  'inbox.clear',
  // --- Settings the window reads and changes (issue 10) ---
  'settings.get',
  'settings.setNetwork',
  'settings.setSecretStorage',
  'settings.setNotificationRules',
  'settings.setFavourites',
  'settings.setPresets',
  'settings.startAtLogin',
  'settings.setStartAtLogin',
  'settings.dataFolder',
  'settings.pickDataFolder',
  'settings.setDataFolder',
  'settings.showDataFolder',
  // --- end of settings ---
  // the local room's process editor
  'room.processes',
  'room.setStepSettings',
  // the local room's API keys and user access credentials
  'room.permissions',
  'room.apiKeys',
  'room.createApiKey',
  'room.revealApiKey',
  'room.updateApiKey',
  'room.deleteApiKey',
  'room.credentials',
  'room.createCredential',
  'room.revokeCredential',
  // the local room's webhooks and their delivery logs
  'room.webhooks',
  'room.createWebhook',
  'room.revealWebhookSecret',
  'room.updateWebhook',
  'room.deleteWebhook',
  'room.webhookAttempts',
  'room.redeliverWebhook',
  'room.testWebhook',
  // the local room's robots, and processes created and deleted
  'room.robots',
  'room.importRobot',
  'room.deleteRobot',
  'room.createProcess',
  'room.deleteProcess',
] as const

/** Every event's name. Must list exactly the events in bridge.ts. */
export const eventNames = [
  'run.started',
  'run.updated',
  'run.finished',
  'connection.status',
  'run.open',
  'inbox.delivery',
] as const

/** `namespace.method`, the wire name of a command (IPC channel suffix, HTTP path segment). */
export type CommandName = (typeof commandNames)[number]
export type EventName = (typeof eventNames)[number]

type NamespaceOf<Name> = Name extends `${infer N}.${string}` ? N : never
type MethodsOf<N extends string> = CommandName extends infer Name
  ? Name extends `${N}.${infer M}`
    ? M
    : never
  : never

/** One `F` per command, as `tree.<namespace>.<method>`: the shape every transport exposes. */
export type CommandTree<F> = { [N in NamespaceOf<CommandName>]: { [M in MethodsOf<N>]: F } }

/**
 * Builds the command tree from the command list, one `make(name)` per command. Generated, so a
 * command added to the contract needs no change in the preload or the renderer to be callable.
 */
export function mapCommands<F>(make: (name: CommandName) => F): CommandTree<F> {
  const tree: Record<string, Record<string, F>> = {}
  for (const name of commandNames) {
    const [namespace, method] = name.split('.') as [string, string]
    const methods = tree[namespace] ?? {}
    methods[method] = make(name)
    tree[namespace] = methods
  }
  // The loop filled exactly the namespaces and methods CommandTree derives from the same list.
  return tree as CommandTree<F>
}

/** The entry of a command tree for a wire name, or undefined when the tree has none. */
export function commandAt<F>(tree: CommandTree<F>, name: string): F | undefined {
  const [namespace = '', method = '', ...rest] = name.split('.')
  if (rest.length > 0 || !Object.hasOwn(tree, namespace)) return undefined
  const methods = (tree as Record<string, Record<string, F>>)[namespace]
  return methods && Object.hasOwn(methods, method) ? methods[method] : undefined
}

const knownEvents: ReadonlySet<string> = new Set(eventNames)
export const isEventName = (name: string): name is EventName => knownEvents.has(name)

/** The IPC channel of a command or event in the desktop app. */
export const ipcChannel = (name: CommandName | EventName) => `robodeck:${name}`
