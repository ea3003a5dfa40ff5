import { describe, expect, it, vi } from 'vitest'
import { createDispatcher } from '../../../../src/main/core/dispatch'
import { CoreError } from '../../../../src/main/core/errors'
import { BridgeErrorCode, type CommandHandlers, controlRoomErrorCode } from '../../../../src/shared/bridge'
import { stubCommandHandlers } from '../../../support/fixtures'

const handlers = (overrides: Partial<CommandHandlers['processes']> = {}) =>
  stubCommandHandlers({ launch: async () => ({ runId: 'run-1' }), ...overrides })

describe('dispatcher', () => {
  it('runs a valid command and wraps its answer', async () => {
    const dispatch = createDispatcher(handlers(), vi.fn())
    expect(
      await dispatch('processes.launch', { connectionId: 'local', processId: 'p', payload: { a: [1] } }),
    ).toEqual({
      ok: true,
      value: { runId: 'run-1' },
    })
  })

  it('refuses an unknown command, including prototype names', async () => {
    const dispatch = createDispatcher(handlers(), vi.fn())
    for (const name of [
      'processes.nope',
      'nope.list',
      'processes',
      'processes.launch.x',
      '__proto__.x',
      'processes.toString',
    ]) {
      expect(await dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
    }
  })

  it('names the field of an invalid request and never calls the handler', async () => {
    const launch = vi.fn()
    const dispatch = createDispatcher(handlers({ launch }), vi.fn())
    const result = await dispatch('processes.launch', { connectionId: 'local', processId: 7 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    expect(result.ok ? '' : result.error.message).toMatch(/processId/)
    expect(
      await dispatch('processes.launch', { connectionId: 'local', processId: 'p', extra: 1 }),
    ).toMatchObject({ ok: false })
    expect(await dispatch('processes.launch', 'not an object')).toMatchObject({ ok: false })
    expect(launch).not.toHaveBeenCalled()
  })

  it('passes a CoreError through with its code, message and status', async () => {
    const dispatch = createDispatcher(
      handlers({
        launch: async () =>
          Promise.reject(new CoreError(controlRoomErrorCode('forbidden'), 'Control Room refused', 403)),
      }),
      vi.fn(),
    )
    expect(await dispatch('processes.launch', { connectionId: 'c', processId: 'p' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Control Room refused', status: 403 },
    })
  })

  it('hides an unexpected error behind a generic message and logs it', async () => {
    const log = vi.fn()
    const dispatch = createDispatcher(
      handlers({ launch: async () => Promise.reject(new Error('ECONNRESET at /home/user/secret-path')) }),
      log,
    )
    const result = await dispatch('processes.launch', { connectionId: 'c', processId: 'p' })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('secret-path')
    expect(log).toHaveBeenCalledOnce()
  })

  it('refuses a handler answer outside the contract', async () => {
    const log = vi.fn()
    const dispatch = createDispatcher(handlers({ launch: async () => ({ runId: 42 }) as never }), log)
    expect(await dispatch('processes.launch', { connectionId: 'c', processId: 'p' })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    expect(log).toHaveBeenCalledOnce()
  })

  it('answers only catalogued codes of its own', async () => {
    const dispatch = createDispatcher(
      handlers({ launch: async () => Promise.reject(new Error('boom')) }),
      vi.fn(),
    )
    const answers = [
      await dispatch('nope.list', {}),
      await dispatch('processes.launch', { connectionId: 7 }),
      await dispatch('processes.launch', { connectionId: 'c', processId: 'p' }),
    ]
    for (const answer of answers) {
      expect(answer.ok).toBe(false)
      if (!answer.ok)
        expect(BridgeErrorCode.safeParse(answer.error.code).success, answer.error.code).toBe(true)
    }
  })
})

describe('bridge error codes', () => {
  it('catalogue the codes Robodeck raises, and http_<status>', () => {
    for (const code of ['unknown_connection', 'untrusted_sender', 'web.token_missing', 'http_502'])
      expect(BridgeErrorCode.safeParse(code).success, code).toBe(true)
    for (const code of ['forbidden', 'http_', 'http_5x', 'http_4.5', 'Internal'])
      expect(BridgeErrorCode.safeParse(code).success, code).toBe(false)
  })

  it('are all CoreError takes: a Control Room code must be marked as one', () => {
    // @ts-expect-error a free string is not a catalogued code (typecheck fails if CoreError takes it)
    expect(new CoreError('no_such_code', 'x').code).toBe('no_such_code')
    expect(new CoreError(controlRoomErrorCode('forbidden'), 'x', 403).code).toBe('forbidden')
    expect(new CoreError('http_404', 'x', 404).code).toBe('http_404')
  })
})
