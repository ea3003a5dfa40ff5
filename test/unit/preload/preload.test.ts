/**
 * The preload with `electron` mocked: what it exposes as `window.robodeck`, and that its built
 * bundle carries no zod (it needs only the bridge's names; main and the renderer do the checking).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { PreloadApi } from '../../../src/shared/bridge'
import { commandAt, commandNames, ipcChannel } from '../../../src/shared/bridge-names'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}))
vi.mock('electron', () => electron)
await import('../../../src/preload/index')

const exposed = () => {
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, PreloadApi]
  expect(key).toBe('robodeck')
  return api
}

describe('preload', () => {
  it('exposes one forwarder per command, each invoking its own channel', async () => {
    const api = exposed()
    for (const name of commandNames) {
      const forward = commandAt(api.commands, name)
      expect(forward, name).toBeTypeOf('function')
      await expect(forward?.({ n: name })).resolves.toEqual({
        ok: true,
        value: { channel: ipcChannel(name), request: { n: name } },
      })
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(commandNames.length)
  })

  it('subscribes to contract events only, and hides the IPC event from the listener', () => {
    const api = exposed()
    expect(() => api.on('run.anything' as never, () => {})).toThrow(/Unknown Robodeck event/)
    const listener = vi.fn()
    const off = api.on('run.finished', listener)
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0] as [string, (...args: unknown[]) => void]
    expect(channel).toBe(ipcChannel('run.finished'))
    forward({ sender: 'ipcRenderer internals' }, { id: 'r1' })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ id: 'r1' })
    off()
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(channel, forward)
  })

  it('is built without zod', () => {
    const bundle = readFileSync(join(__dirname, '../../../out/preload/index.js'), 'utf8')
    expect(bundle).toContain('exposeInMainWorld')
    expect(bundle).not.toMatch(/ZodError|safeParse/)
    expect(bundle.length).toBeLessThan(10_000)
  })
})
