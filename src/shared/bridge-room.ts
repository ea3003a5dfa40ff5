/**
 * The bridge contract's local room admin (issue 11 §6, issue 13; src/main/core/room-admin.ts and
 * room-keys.ts): the local room managed through its management API as its owner, whose credential
 * stays in main.
 */
import { z } from 'zod'
import { id } from './bridge-fields'
import { ROOM_WEBHOOK_ERROR_CODES, roomWebhookCommands } from './bridge-room-webhooks'
import { RoomProcess, StepSettings } from './room-admin'
import { RoomApiKey, RoomCredential, RoomKeyName, RoomPermission } from './room-keys'
import { MAX_PROCESS_STEPS, NewRoomStep, RoomProcessName, RoomRobot, RoomRobotName } from './room-robots'

export const roomCommands = {
  /** The local room's processes with their steps and each step's settings. */
  processes: { request: z.object({ connectionId: id }).strict(), response: z.array(RoomProcess) },
  /**
   * Replaces one step's settings; answers the process as the room now has it. With `updatedAt` (the
   * process's, as the editor showed it), a process changed since is refused rather than overwritten.
   */
  setStepSettings: {
    request: z
      .object({
        connectionId: id,
        processId: id,
        stepId: id,
        settings: StepSettings,
        updatedAt: z.string().max(100).optional(),
      })
      .strict(),
    response: RoomProcess,
  },
  ...roomKeyCommands(),
  ...roomWebhookCommands(),
  ...roomRobotCommands(),
} as const

/**
 * The room's API keys and user access credentials (issue 11 §6; src/main/core/room-keys.ts). A
 * key's value or a credential's secret is in the answer to createApiKey, revealApiKey and
 * createCredential only: never in a list, an error or an event.
 */
function roomKeyCommands() {
  const local = { connectionId: id }
  const keyId = { ...local, keyId: id }
  // Names, not the enum: the room is the authority on them and names every unknown one (400).
  const permissions = z.array(z.string().max(200)).min(1).max(100)
  return {
    /** Every permission a key can have, in the room's order. */
    permissions: { request: z.object(local).strict(), response: z.array(RoomPermission) },
    /** The workspace's API keys (never their values), newest first. */
    apiKeys: { request: z.object(local).strict(), response: z.array(RoomApiKey) },
    /** Creates a key; its value is answered here, once. */
    createApiKey: {
      request: z.object({ ...local, name: RoomKeyName, permissions }).strict(),
      response: z.object({ key: RoomApiKey, value: z.string() }),
    },
    /** A key's value, on the user's explicit request. */
    revealApiKey: { request: z.object(keyId).strict(), response: z.object({ value: z.string() }) },
    /** Changes a key's name and/or permissions (from the room's next request on). */
    updateApiKey: {
      request: z
        .object({ ...keyId, name: RoomKeyName.optional(), permissions: permissions.optional() })
        .strict(),
      response: RoomApiKey,
    },
    /** Deletes a key; the key Robodeck itself uses is refused (own_api_key). */
    deleteApiKey: { request: z.object(keyId).strict(), response: z.object({ id: z.string() }) },
    /** The owner's user access credentials (never their secrets), newest first. */
    credentials: { request: z.object(local).strict(), response: z.array(RoomCredential) },
    /** Creates a credential; its `<id>:<secret>` string is answered here, once. */
    createCredential: {
      request: z.object({ ...local, label: RoomKeyName }).strict(),
      response: z.object({ credential: RoomCredential, secret: z.string() }),
    },
    /** Revokes a credential; the one Robodeck signs with is refused (own_credential). */
    revokeCredential: {
      request: z.object({ ...local, credentialId: id }).strict(),
      response: z.object({ id: z.string() }),
    },
  } as const
}

/**
 * The room's robots, and processes created and deleted (issue 11 §6; src/main/core/room-robots.ts):
 * what Control Room's web UI does with robots and processes.
 */
function roomRobotCommands() {
  const local = { connectionId: id }
  return {
    /** The room's robots (bundled samples, zips, imported folders) with their tasks and users. */
    robots: { request: z.object(local).strict(), response: z.array(RoomRobot) },
    /** Imports a robot from an absolute path on this machine: a robot folder (copied) or a robot zip. */
    importRobot: {
      request: z
        .object({ ...local, path: z.string().min(1).max(4096), name: RoomRobotName.optional() })
        .strict(),
      response: RoomRobot,
    },
    /** Deletes a robot; one a process step uses is refused (robot_in_use). */
    deleteRobot: {
      request: z.object({ ...local, robotId: id }).strict(),
      response: z.object({ id: z.string() }),
    },
    /** Creates a process of one or more steps, each a robot's task with the room's default settings. */
    createProcess: {
      request: z
        .object({
          ...local,
          name: RoomProcessName,
          steps: z.array(NewRoomStep).min(1).max(MAX_PROCESS_STEPS),
        })
        .strict(),
      response: RoomProcess,
    },
    /** Deletes a process with its runs; refused while one of its runs has not ended (process_busy). */
    deleteProcess: {
      request: z.object({ ...local, processId: id }).strict(),
      response: z.object({ id: z.string() }),
    },
  } as const
}

/** The process editor's error codes (BridgeErrorCode). */
export const ROOM_ADMIN_ERROR_CODES = [
  'room_admin_unavailable', // not the local room, or no owner credential for it
  'invalid_step_settings', // the room refused the settings (400); the message names the step and setting
  'process_busy', // 409: a run of the process has not ended
  'process_changed', // the process changed since the editor read it (setStepSettings' updatedAt)
  'invalid_api_key', // the room refused a key's name or permissions (400); its message says which
  'key_value_unavailable', // 409: the room cannot show this key's value (create a new key)
  'own_api_key', // the key Robodeck itself uses for the room cannot be deleted from its window
  'own_credential', // the credential Robodeck signs with cannot be revoked from its window
  ...ROOM_WEBHOOK_ERROR_CODES,
  'invalid_robot', // the room refused an import (400): not a folder or zip, no robot.yaml, a bad zip…
  'robot_in_use', // 409: a process step uses the robot
  'invalid_process', // the room refused a new process (400); the message names the step and field
] as const
