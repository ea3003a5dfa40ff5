/**
 * The watcher against the real local room, through a proxy the test turns faulty: refused
 * connections, 500s, 429 with Retry-After, hangs, truncated and non-JSON bodies, a sleep and
 * resume, a clock jump, a room restart and an app restart. Every run launched (straight at the
 * room, past the proxy) must be announced finished exactly once, the watcher must back off while
 * the faults last, and nothing may crash.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import type { AnyEvent } from '../../../../src/main/core/events'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { startTimerGapDetector } from '../../../../src/main/core/watcher/watch-signals'
import type { Bootstrap } from '../../../../src/shared/local-room-bootstrap'
import { type FaultMode, type FaultProxy, startFaultProxy } from '../../../support/fault-proxy'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'
import { tempDir } from '../../../support/temp-dir'

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  cleanups.length = 0
})

const FAST_MS = 200
const FAULT_WINDOW_MS = 3_000

describe('watcher under faults, against the real local room', () => {
  const room = roomFixture({ mode: 'spawned' })

  it('backs off, never crashes, and announces every finished run exactly once', {
    timeout: 180_000,
  }, async () => {
    const appDir = await tempDir('robodeck-faults-app-')
    const proxy: FaultProxy = await startFaultProxy(Number(new URL(room.url).port))
    cleanups.push(() => proxy.close())
    const throughProxy = (bootstrap: Bootstrap): Bootstrap => ({
      ...bootstrap,
      url: bootstrap.url.replace(new URL(bootstrap.url).origin, proxy.origin),
    })

    const events: AnyEvent[] = []
    const openCore = () => {
      const core = createCore({
        dataDir: appDir,
        cipher: createFileKeyCipher(join(appDir, 'secrets.key')),
        openSettingsFile: openConfSettingsFile,
        mode: 'web',
        version: 'test',
        pollIntervalMs: FAST_MS,
        schedule: { slowMs: 1_000, maxBackoffMs: 2_000 },
        requestTimeoutMs: 800,
        logError: () => {},
      })
      core.events.subscribe((event) => events.push(event))
      return core
    }
    let core: Core = openCore()
    cleanups.push(() => core.close())
    await core.connectLocalRoom(throughProxy(room.process.bootstrap))
    core.start()
    core.signals.emit('focus') // the fast pace, so a missing backoff would show

    const processes = await room.wsApi('GET', '/processes')
    const echo = processes.body.data.find((p: { name: string }) => p.name === 'Echo payload')
    const launched: string[] = []
    const launch = async () => {
      const answer = await room.wsApi('POST', `/processes/${echo.id}/process-runs`, { body: {} })
      expect(answer.status).toBe(200)
      launched.push(answer.body.id)
      return answer.body.id as string
    }
    const finishedIds = () => events.flatMap((e) => (e.name === 'run.finished' ? [e.payload.id] : []))
    const announced = (runId: string) => waitFor(() => finishedIds().includes(runId), { timeoutMs: 30_000 })
    await waitFor(() => core.handlers.connections.status({}).then((s) => s[0]?.lastSyncedAt))

    // Each fault: a run is launched while the watcher cannot see the room; it must back off, say
    // what is wrong, and announce the run once the room is reachable again.
    const expectedHealth: Record<Exclude<FaultMode, 'pass'>, string> = {
      refuse: 'offline',
      error500: 'error',
      rate429: 'rate_limited',
      hang: 'offline',
      truncate: 'offline',
      garbage: 'error',
    }
    const requestsDuring: Record<string, number> = {}
    for (const [fault, health] of Object.entries(expectedHealth)) {
      await proxy.mode(fault as FaultMode)
      proxy.resetCount()
      const before = events.length
      const runId = await launch()
      await sleep(FAULT_WINDOW_MS)
      requestsDuring[fault] = proxy.requests()
      const healths = () =>
        events
          .slice(before)
          .flatMap((e) => (e.name === 'connection.status' ? [e.payload.health as string] : []))
      await waitFor(() => healths().includes(health), { timeoutMs: 15_000 }).catch(() => {
        throw new Error(`${fault}: expected ${health}, saw ${JSON.stringify(healths())}`)
      })
      await proxy.mode('pass')
      await announced(runId)
    }
    // Unthrottled, the fast pace would have looked FAULT_WINDOW_MS / FAST_MS = 15 times per fault.
    for (const [fault, count] of Object.entries(requestsDuring)) {
      if (fault === 'refuse') continue // a refused connection never reaches the proxy's counter
      expect(count, `${fault}: ${count} requests`).toBeLessThanOrEqual(6)
    }
    expect(requestsDuring.rate429, 'Retry-After: 2 honoured').toBeLessThanOrEqual(2)

    // Sleep: no request at all while suspended; on resume it catches up.
    core.signals.emit('suspend')
    await sleep(300)
    await proxy.mode('pass')
    proxy.resetCount()
    const slept = await launch()
    await sleep(2_000)
    expect(proxy.requests()).toBe(0)
    core.signals.emit('resume')
    await announced(slept)

    // A clock jump: the timer-gap detector (web mode's stand-in for powerMonitor) wakes the watcher.
    core.signals.emit('suspend')
    let offset = 0
    const stopDetector = startTimerGapDetector({
      signals: core.signals,
      intervalMs: 100,
      toleranceMs: 1_000,
      now: () => Date.now() + offset,
    })
    cleanups.push(async () => stopDetector())
    const jumped = await launch()
    await sleep(500)
    expect(finishedIds()).not.toContain(jumped)
    offset += 3_600_000
    await announced(jumped)
    stopDetector()

    // The room restarts (and issues a new key, as it does on every start): runs go on being announced.
    await room.close()
    await sleep(1_000)
    await room.restart()
    proxy.setUpstream(Number(new URL(room.url).port))
    await core.connectLocalRoom(throughProxy(room.process.bootstrap))
    await announced(await launch())

    // The app restarts: what it announced stays announced, and a run that ended meanwhile is news.
    await core.close()
    const whileDown = await launch()
    expect((await room.waitForRunEnd(whileDown, 30_000)).state).toBe('completed')
    core = openCore()
    core.start()
    core.signals.emit('focus')
    await announced(whileDown)
    await sleep(1_500) // several more looks: nothing is announced twice

    const counts = new Map<string, number>()
    for (const id of finishedIds()) counts.set(id, (counts.get(id) ?? 0) + 1)
    expect([...counts.keys()].sort()).toEqual([...launched].sort())
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true)
    const [status] = await core.handlers.connections.status({})
    expect(status).toMatchObject({ connectionId: 'local', health: 'ok', message: null })
  })
})
