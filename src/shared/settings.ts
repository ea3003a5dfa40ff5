/**
 * The settings a person changes from the window: how Robodeck reaches Control Rooms (proxy, extra
 * CA file), whether secrets may stay on disk without secure storage, when to notify, the
 * favourite processes the tray launches, and the payload presets saved per process. One schema each, used by the settings document
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

/** The most a preset's payload may weigh, as JSON: the settings file is read whole at every start. */
export const PRESET_PAYLOAD_MAX_CHARS = 64 * 1024
/** The most presets kept in all (and so the most the settings file holds: about 32 MiB at worst). */
export const PRESETS_MAX = 500

/** A payload saved under a name for one process, to fill its payload editor again. */
export const ProcessPreset = z.object({
  connectionId: z.string().min(1).max(200),
  processId: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(80),
  payload: JsonValue.refine((payload) => JSON.stringify(payload).length <= PRESET_PAYLOAD_MAX_CHARS, {
    message: `A preset's payload may be at most ${PRESET_PAYLOAD_MAX_CHARS / 1024} KiB of JSON.`,
  }),
})
export type ProcessPreset = z.infer<typeof ProcessPreset>

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
  presets: z.array(ProcessPreset),
})
export type AppSettings = z.infer<typeof AppSettings>
