/** An in-process local room for one test file: started before its tests, closed and removed after. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type LocalRoom, type LocalRoomOptions, startLocalRoom } from '../../src/localroom/server'
import {
  type ApiResponse,
  SPEC_SKIP_REASON,
  specExists,
  specResponseSchema,
  validateAgainstSpec,
} from './localroom'

/** Registers the room's lifecycle; read `room` and `dir` inside tests (they are set by then). */
export function inProcessRoom(options: Partial<LocalRoomOptions> = {}) {
  const state = {} as { room: LocalRoom; dir: string }
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), 'robodeck-room-'))
    state.room = await startLocalRoom({ dataDir: state.dir, issueBootstrapKey: true, ...options })
  })
  afterAll(async () => {
    await state.room?.close()
    if (state.dir) await rm(state.dir, { recursive: true, force: true })
  })
  return state
}

/** Whether a body is the API's error shape, {"error":{"code","message"}}. */
export const isErrorBody = (body: unknown) =>
  typeof (body as { error?: { code?: unknown } })?.error?.code === 'string' &&
  typeof (body as { error?: { message?: unknown } })?.error?.message === 'string'

/**
 * A response to an operation of the official spec: never a 5xx, and (where ../shared holds the spec)
 * its body has the spec's shape for that operation and status.
 */
export function expectSpecShape(method: string, specPath: string, response: ApiResponse): void {
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(500)
  if (specExists)
    expect(validateAgainstSpec(specResponseSchema(method, specPath, response.status), response.body)).toEqual(
      [],
    )
}

/** A vitest test that needs the official spec: skipped, with the reason in its name, where it is absent. */
export function itWithSpec(name: string, fn: () => unknown, timeout?: number): void {
  if (specExists) it(name, fn, timeout)
  else it.skip(`${name} [skipped: ${SPEC_SKIP_REASON}]`, fn)
}
