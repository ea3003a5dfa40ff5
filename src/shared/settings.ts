/**
 * The settings a person changes from the window: how Robodeck reaches Control Rooms (proxy, extra
 * CA file), whether secrets may stay on disk without secure storage, when to notify, and the
 * favourite processes the tray launches. One schema each, used by the settings document
 * (src/main/core/settings/settings-schema.ts) and by the bridge contract alike. No secrets here.
 */
import { z } from 'zod'
import { JsonValue } from './domain'

const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/

/**
 * When to notify about runs; set per process, per connection, or for every run (the empty scope:
 * the default rule); the most specific wins.
 */
export const NotificationRule = z.object({
  scope: z.union([
    z.object({ connectionId: z.string().min(1).max(200), processId: z.string().min(1).max(200) }).strict(),
    z.object({ connectionId: z.string().min(1).max(200) }).strict(),
    z.object({}).strict(),
  ]),
  when: z.enum(['all', 'failures', 'failures_and_recovery', 'off']),
  onStart: z.boolean().default(false),
  /** Local wall-clock hours with no notifications, e.g. 22:00 to 07:00 (may span midnight). */
  quietHours: z.object({ from: z.string().regex(HOUR_MINUTE), to: z.string().regex(HOUR_MINUTE) }).optional(),
})
export type NotificationRule = z.infer<typeof NotificationRule>

/** The connection a rule is for; undefined for the default rule. */
export const ruleConnection = (rule: NotificationRule): string | undefined =>
  'connectionId' in rule.scope ? rule.scope.connectionId : undefined
/** The process a rule is for; undefined for a connection's rule and the default rule. */
export const ruleProcess = (rule: NotificationRule): string | undefined =>
  'processId' in rule.scope ? rule.scope.processId : undefined

export const Favourite = z.object({
  connectionId: z.string().min(1).max(200),
  processId: z.string().min(1).max(200),
  /** The payload the tray launches it with. */
  payload: JsonValue.optional(),
})
export type Favourite = z.infer<typeof Favourite>

/** How Robodeck reaches Control Rooms beyond this computer. */
export const NetworkSettings = z.object({
  /** A proxy for every non-loopback Control Room; unset: HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply. */
  proxyUrl: z.string().url().optional(),
  /** A PEM file of extra certificate authorities, trusted beside the OS store. */
  caFile: z.string().min(1).optional(),
})
export type NetworkSettings = z.infer<typeof NetworkSettings>

/** What the window shows and edits of the settings (`settings.get` and every `settings.set…`). */
export const AppSettings = z.object({
  network: NetworkSettings,
  /**
   * Keep secrets on disk even where the OS offers no secure storage (Linux basic_text). Off: they
   * stay in memory for one run of the app.
   */
  allowPlainTextSecrets: z.boolean(),
  notificationRules: z.array(NotificationRule),
  favourites: z.array(Favourite),
})
export type AppSettings = z.infer<typeof AppSettings>
