/**
 * The tray has its menu from the moment it exists (a Linux StatusNotifier tray emits no click, so an
 * icon without a menu would do nothing), says so when the processes cannot be loaded, uses a
 * template image on macOS, shows the overall state in its icon, and its items launch (a favourite
 * with its payload), refresh, and open runs.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../../src/main/core/events'
import { createTrayController } from '../../../../src/main/core/tray-controller'
import type { CommandHandlers } from '../../../../src/shared/bridge'
import { electronMock, FakeTray } from '../../../support/electron-mock'
import { runSummary } from '../../../support/fixtures'

vi.mock('electron', async () => (await import('../../../support/electron-mock')).electronModule)

const { createTray, trayIconFile } = await import('../../../../src/main/desktop/tray')

const actions = () => ({
  launch: vi.fn(),
  refresh: vi.fn(),
  openWindow: vi.fn(),
  openRun: vi.fn(),
  quit: vi.fn(),
})
const labels = (tray: FakeTray | undefined) => tray?.contextMenu?.template.map((item) => item.label ?? '—')
const click = (tray: FakeTray | undefined, label: string) =>
  tray?.contextMenu?.template
    .find((item) => item.label === label)
    ?.click?.({} as never, undefined, {} as never)

describe('tray', () => {
  it('has a menu from the first moment, before anything has loaded', () => {
    const tray = createTray('/res', actions(), 'linux')
    const fake = FakeTray.created.at(-1)
    expect(labels(fake)).toEqual([
      'Launch',
      'Loading processes…',
      '—',
      'Running',
      'Nothing running',
      '—',
      'Refresh now',
      'Open Robodeck',
      'Quit Robodeck',
    ])
    tray.destroy()
    expect(fake?.destroyed).toBe(true)
  })

  it('keeps that menu until the first refresh answers, then shows the processes; a failure says so', async () => {
    const tray = createTray('/res', actions(), 'linux')
    const fake = FakeTray.created.at(-1)
    let answer: (value: { processes: never[]; failures: never[] }) => void = () => {}
    const handlers = {
      processes: {
        list: vi.fn(
          () =>
            new Promise((done) => {
              answer = done
            }),
        ),
      },
      runs: { list: vi.fn(async () => ({ runs: [], failures: [] })) },
    } as unknown as CommandHandlers
    const controller = createTrayController(handlers, createEventBus(), tray.render)
    const refreshed = controller.refresh()
    expect(labels(fake)).toContain('Loading processes…')
    answer({
      processes: [{ connectionId: 'local', id: 'p1', name: 'Echo payload', createdAt: '' }] as never[],
      failures: [],
    })
    await refreshed
    expect(labels(fake)).toContain('Echo payload')

    vi.mocked(handlers.processes.list).mockRejectedValueOnce(new Error('boom'))
    const failing = createTrayController(handlers, createEventBus(), tray.render)
    await expect(failing.refresh()).rejects.toThrow('boom')
    expect(labels(fake)).toContain('Could not load processes')
  })

  it('says the processes could not be loaded when every workspace failed to answer', async () => {
    const tray = createTray('/res', actions(), 'linux')
    const handlers = {
      processes: {
        list: async () => ({
          processes: [],
          failures: [{ connectionId: 'local', code: 'unreachable', message: 'down' }],
        }),
      },
      runs: { list: async () => ({ runs: [], failures: [] }) },
    } as unknown as CommandHandlers
    await createTrayController(handlers, createEventBus(), tray.render).refresh()
    expect(labels(FakeTray.created.at(-1))).toContain('Could not load processes')
  })

  it('opens the run a running item names', () => {
    const trayActions = actions()
    const tray = createTray('/res', trayActions, 'linux')
    const events = createEventBus()
    const handlers = {} as CommandHandlers
    const controller = createTrayController(handlers, events, tray.render, { now: () => Date.now() })
    events.emit(
      'run.updated',
      runSummary({
        connectionId: 'local',
        id: 'r7',
        state: 'in_progress',
        startedAt: new Date().toISOString(),
      }),
    )
    const before = labels(FakeTray.created.at(-1))
    // An event that is not about a run's progress changes nothing in the menu.
    events.emit('run.open', { connectionId: 'local', runId: 'r7' })
    expect(labels(FakeTray.created.at(-1))).toEqual(before)
    click(FakeTray.created.at(-1), 'Echo payload — in progress, 0 ms')
    expect(trayActions.openRun).toHaveBeenCalledWith('local', 'r7')
    controller.dispose()
  })

  it('launches a favourite with its saved payload, refreshes, and quits from its items', () => {
    const trayActions = actions()
    const tray = createTray('/res', trayActions, 'linux')
    const handlers = {} as CommandHandlers
    const controller = createTrayController(handlers, createEventBus(), tray.render, {
      favourites: () => [{ connectionId: 'local', processId: 'p1', payload: { month: 'May' } }],
    })
    const fake = FakeTray.created.at(-1)
    expect(fake?.contextMenu?.template.find((item) => item.label === 'Launch')?.enabled).toBe(false)
    click(fake, 'p1')
    expect(trayActions.launch).toHaveBeenCalledWith({
      connectionId: 'local',
      processId: 'p1',
      processName: 'p1',
      payload: { month: 'May' },
    })
    click(fake, 'Refresh now')
    expect(trayActions.refresh).toHaveBeenCalledOnce()
    click(fake, 'Quit Robodeck')
    expect(trayActions.quit).toHaveBeenCalledOnce()
    controller.dispose()
  })

  it('shows the overall state in its icon: a badge while running, another after a failure', () => {
    const tray = createTray('/res', actions(), 'linux')
    const fake = FakeTray.created.at(-1)
    const events = createEventBus()
    const controller = createTrayController({} as CommandHandlers, events, tray.render)
    const shown = () => fake?.image.path
    expect(shown()).toBe(join('/res', 'tray-icon.png'))
    events.emit('run.started', runSummary({ id: 'r1', state: 'in_progress' }))
    expect(shown()).toBe(join('/res', 'tray-icon-running.png'))
    expect(fake?.tooltip).toBe('Robodeck — 1 running')
    events.emit('run.finished', runSummary({ id: 'r1', state: 'unresolved' }))
    expect(shown()).toBe(join('/res', 'tray-icon-failure.png'))
    expect(fake?.tooltip).toBe('Robodeck — a run failed')
    expect(trayIconFile('/res', 'darwin', 'failure')).toBe(join('/res', 'tray-icon-failureTemplate.png'))
    controller.dispose()
  })

  it('uses a template image on macOS and the plain icon elsewhere', () => {
    expect(trayIconFile('/res', 'darwin')).toBe(join('/res', 'tray-iconTemplate.png'))
    expect(trayIconFile('/res', 'linux')).toBe(join('/res', 'tray-icon.png'))
    expect(trayIconFile('/res', 'win32')).toBe(join('/res', 'tray-icon.png'))
    createTray('/res', actions(), 'darwin')
    const image = FakeTray.created.at(-1)?.image
    expect(image?.path).toBe(join('/res', 'tray-iconTemplate.png'))
    expect(image?.isTemplateImage()).toBe(true)
    expect(electronMock.nativeImage.createFromPath).toHaveBeenCalledWith(
      join('/res', 'tray-iconTemplate.png'),
    )
    // The files ship in resources/ (scripts/make-icons.mjs draws them), with their Retina versions.
    const resources = resolve(__dirname, '../../../../resources')
    for (const name of ['tray-icon', 'tray-icon-running', 'tray-icon-failure'])
      for (const suffix of ['', '@2x', 'Template', 'Template@2x'])
        expect(existsSync(join(resources, `${name}${suffix}.png`)), `${name}${suffix}`).toBe(true)
  })
})
