/** The `room.*` commands for the local room's webhooks and their delivery logs (room-webhooks.ts). */
import type { CommandHandlers } from '../../shared/bridge'
import type { Connections } from './connections'
import { localRoomManagement } from './room-admin'
import {
  createWebhook,
  deleteWebhook,
  listWebhookAttempts,
  listWebhooks,
  redeliverWebhook,
  revealWebhookSecret,
  testWebhook,
  updateWebhook,
} from './room-webhooks'

type RoomWebhookHandlers = Pick<
  CommandHandlers['room'],
  | 'webhooks'
  | 'createWebhook'
  | 'revealWebhookSecret'
  | 'updateWebhook'
  | 'deleteWebhook'
  | 'webhookAttempts'
  | 'redeliverWebhook'
  | 'testWebhook'
>

/** Builds the handlers over the connections, which hold the room's owner credential. */
export function createRoomWebhookCommands(connections: Connections): RoomWebhookHandlers {
  const open = (connectionId: string) => localRoomManagement(connections, connectionId)
  return {
    webhooks: async ({ connectionId }) => listWebhooks(await open(connectionId)),
    createWebhook: async ({ connectionId, endpoint, events, processId }) =>
      createWebhook(await open(connectionId), { endpoint, events, processId }),
    revealWebhookSecret: async ({ connectionId, webhookId }) => ({
      secret: await revealWebhookSecret(await open(connectionId), webhookId),
    }),
    updateWebhook: async ({ connectionId, webhookId, endpoint, events, enabled }) =>
      updateWebhook(await open(connectionId), webhookId, { endpoint, events, enabled }),
    deleteWebhook: async ({ connectionId, webhookId }) => {
      await deleteWebhook(await open(connectionId), webhookId)
      return { id: webhookId }
    },
    webhookAttempts: async ({ connectionId, webhookId, cursor }) =>
      listWebhookAttempts(await open(connectionId), webhookId, cursor),
    redeliverWebhook: async ({ connectionId, webhookId, deliveryId }) =>
      redeliverWebhook(await open(connectionId), webhookId, deliveryId),
    testWebhook: async ({ connectionId, webhookId }) => testWebhook(await open(connectionId), webhookId),
  }
}
