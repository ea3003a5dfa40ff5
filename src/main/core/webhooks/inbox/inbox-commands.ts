/** The bridge commands of the webhook inbox, composed into the core's handlers (commands.ts). */
import type { CommandHandlers } from '../../../../shared/bridge'
import type { WebhookInbox } from './webhook-inbox'

/** The `inbox.*` handlers over the inbox. */
export function createInboxCommands(inbox: WebhookInbox): CommandHandlers['inbox'] {
  return {
    status: () => inbox.status(),
    configure: (request) => inbox.configure(request),
    setSecret: ({ secret }) => inbox.setSecret(secret),
    list: async ({ limit }) => inbox.list(limit),
    get: async ({ deliveryId }) => inbox.get(deliveryId),
    replay: ({ deliveryId, url, allowAnyUrl }) => inbox.replay(deliveryId, url, allowAnyUrl ?? false),
    clear: () => inbox.clear(),
  }
}
