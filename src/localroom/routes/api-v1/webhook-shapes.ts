/** What the webhook routes of every scope share: the endpoint rules, path parameters, list query. */
import { z } from 'zod'
import type { RoomContext } from '../../context'
import { invalidRequest } from '../../http/errors'
import { WorkspaceParams } from '../../http/schemas'
import { checkEndpoint, RefusedEndpoint } from '../../webhooks/endpoint-guard'

/** Longest endpoint URL accepted (browsers' and proxies' common limit). */
export const MAX_ENDPOINT_LENGTH = 2048

/** A webhook or callback endpoint: http(s) only (the address checks are checkWebhookEndpoint's). */
export const WebhookEndpoint = z
  .url({ protocol: /^https?$/, error: 'expected an http or https URL' })
  .max(MAX_ENDPOINT_LENGTH)

/**
 * Refuses (400, naming the field) an endpoint the room will not send to: link-local or metadata
 * addresses, unless the room allows them. The sender checks the address again when it connects.
 */
export async function checkWebhookEndpoint(ctx: RoomContext, endpoint: string, field: string): Promise<void> {
  try {
    await checkEndpoint(endpoint, ctx.webhooks.allowLinkLocal)
  } catch (error) {
    if (error instanceof RefusedEndpoint)
      throw invalidRequest(`Invalid request body field "${field}": ${error.message}`)
    throw error
  }
}

export const WebhookParams = WorkspaceParams.extend({ webhook_id: z.string().min(1) })
