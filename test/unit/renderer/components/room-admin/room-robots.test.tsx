/**
 * The Local Control Room view's Robots tab and the Processes tab's create and delete, over the fake
 * bridge: the robots with their source, tasks and users; an import by typed path (and, in the
 * desktop app only, by the system's file dialog); a robot in use not deletable, saying why; a new
 * process of steps chosen from the robots' runnable tasks, checked before anything is sent; a
 * process deleted after a confirmation; the room's refusals in its words. A new or deleted process
 * reloads the runs view's process list.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { RoomAdminView } from '../../../../../src/renderer/src/components/room-admin/room-admin-view'
import { useProcesses } from '../../../../../src/renderer/src/hooks/use-processes'
import type { AppInfo } from '../../../../../src/shared/domain'
import type { RoomProcess } from '../../../../../src/shared/room-admin'
import type { RoomRobot } from '../../../../../src/shared/room-robots'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { stubAppInfo } from '../../../../support/fixtures'
import { providersFor } from '../../wrapper'

const robot = (id: string, name: string, overrides: Partial<RoomRobot> = {}): RoomRobot => ({
  id,
  name,
  source: 'folder',
  tasks: [{ name: 'Run', runnable: true }],
  problem: null,
  size: 2048,
  usedBy: [],
  createdAt: '2026-11-30T10:00:00.000Z',
  ...overrides,
})

const step = (id: string, robotName: string, task: string) => ({
  id,
  name: task,
  robotName,
  task,
  waitForPrevious: true,
  parallelExecutions: 1,
  env: {},
})

/** The runs view's process list, beside the admin view, to see it reloaded. */
function ProcessList() {
  const processes = useProcesses()
  return <output aria-label="Feed processes">{processes.data?.processes.length ?? 0}</output>
}

function renderRoom(mode: AppInfo['mode'] = 'web') {
  let robots = [
    robot('r1', 'echo-payload', {
      source: 'bundled',
      size: null,
      tasks: [{ name: 'Echo payload', runnable: true }],
      usedBy: ['Echo payload'],
    }),
    robot('r2', 'reporter', {
      tasks: [
        { name: 'Report', runnable: true },
        { name: 'Summarize', runnable: true },
        { name: 'RF task', runnable: false, problem: 'uses robotTaskName' },
      ],
    }),
    robot('r3', 'only-rf', { tasks: [{ name: 'RF', runnable: false, problem: 'uses robotTaskName' }] }),
  ]
  let processes: RoomProcess[] = [
    { id: 'p1', name: 'Echo payload', updatedAt: 't0', steps: [step('s1', 'echo-payload', 'Echo payload')] },
  ]
  const bridge = createFakeBridge({
    app: {
      info: async () => ({ ...stubAppInfo, mode }),
      choosePath: async ({ kind }) => ({ path: kind === 'folder' ? '/home/me/robots/greeter' : null }),
    },
    processes: {
      list: async () => ({
        processes: processes.map((p) => ({
          id: p.id,
          name: p.name,
          connectionId: 'local',
          createdAt: '2026-11-30T10:00:00.000Z',
        })),
        failures: [],
      }),
    },
    room: {
      robots: async () => robots,
      importRobot: async ({ path, name }) => {
        if (path.endsWith('bad.zip'))
          throw new BridgeError({
            code: 'invalid_robot',
            message:
              'The local Control Room refused the robot: Invalid robot package: Zip entry "../evil" escapes the robot folder ("..").',
            status: 400,
          })
        const added = robot('r9', name ?? 'greeter')
        robots = [...robots, added]
        return added
      },
      deleteRobot: async ({ robotId }) => {
        robots = robots.filter((r) => r.id !== robotId)
        return { id: robotId }
      },
      processes: async () => processes,
      createProcess: async ({ name, steps }) => {
        const created: RoomProcess = {
          id: 'p9',
          name,
          updatedAt: 't0',
          steps: steps.map((s, index) =>
            step(`n${index}`, robots.find((r) => r.id === s.robotId)?.name ?? '', s.task),
          ),
        }
        processes = [...processes, created]
        return created
      },
      deleteProcess: async ({ processId }) => {
        if (processId === 'p1')
          throw new BridgeError({
            code: 'process_busy',
            message: 'The process has 1 run(s) in progress; delete it once they end (or stop them).',
            status: 409,
          })
        processes = processes.filter((p) => p.id !== processId)
        return { id: processId }
      },
    },
  })
  render(
    <>
      <ProcessList />
      <RoomAdminView connectionId="local" />
    </>,
    { wrapper: providersFor(bridge) },
  )
  return { bridge, robots: () => robots, processes: () => processes }
}

const requests = (bridge: ReturnType<typeof renderRoom>['bridge'], name: string) =>
  bridge.calls.filter((c) => c.name === name).map((c) => c.request)

async function openRobots() {
  fireEvent.click(screen.getByRole('tab', { name: 'Robots' }))
  return screen.findByRole('list', { name: 'Robots' })
}

describe('Robots tab', () => {
  it('lists each robot with its source, tasks and users; one in use cannot be deleted, saying why', async () => {
    renderRoom()
    const list = await openRobots()
    const items = within(list).getAllByRole('listitem', { name: /./ })
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      'echo-payload',
      'reporter',
      'only-rf',
    ])
    const echo = within(list).getByRole('listitem', { name: 'echo-payload' })
    expect(echo.textContent).toContain('Sample')
    expect(echo.textContent).toContain('“Echo payload”')
    const deleteEcho = within(echo).getByRole('button', { name: 'Delete echo-payload…' }) as HTMLButtonElement
    expect(deleteEcho.disabled).toBe(true)
    expect(document.getElementById(deleteEcho.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Used by “Echo payload”: delete those processes first.',
    )
    const reporter = within(list).getByRole('listitem', { name: 'reporter' })
    expect(reporter.textContent).toContain('Imported folder')
    expect(reporter.textContent).toContain('2.0 KB')
    const tasks = within(reporter).getByRole('list', { name: 'Tasks of reporter' })
    expect(tasks.textContent).toContain('RF task — cannot run here: uses robotTaskName')
  })

  it('imports a typed path (nothing sent without one) and lists the new robot', async () => {
    const { bridge } = renderRoom()
    await openRobots()
    const form = screen.getByRole('form', { name: 'Import a robot' })
    fireEvent.click(within(form).getByRole('button', { name: 'Import' }))
    const path = within(form).getByRole('textbox', { name: 'Path' })
    await waitFor(() => expect(path.getAttribute('aria-invalid')).toBe('true'))
    expect(requests(bridge, 'room.importRobot')).toEqual([])

    fireEvent.change(path, { target: { value: ' /home/me/robots/greeter ' } })
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Greeter' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Import' }))
    expect((await within(form).findByRole('status')).textContent).toBe('Imported “Greeter”.')
    expect(requests(bridge, 'room.importRobot')).toEqual([
      { connectionId: 'local', path: '/home/me/robots/greeter', name: 'Greeter' },
    ])
    expect((path as HTMLInputElement).value).toBe('')
    await screen.findByRole('listitem', { name: 'Greeter' })
  })

  it('shows the room’s refusal of an import in its words, with the path kept', async () => {
    renderRoom()
    await openRobots()
    const form = screen.getByRole('form', { name: 'Import a robot' })
    const path = within(form).getByRole('textbox', { name: 'Path' }) as HTMLInputElement
    fireEvent.change(path, { target: { value: '/tmp/bad.zip' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Import' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('Not imported.')
    expect(alert.textContent).toContain('escapes the robot folder')
    expect(alert.textContent).toContain('invalid_robot')
    expect(path.value).toBe('/tmp/bad.zip')
  })

  it('offers the file dialog in the desktop app only', async () => {
    renderRoom('web')
    await openRobots()
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Choose folder…' })).toBeNull())
    expect(screen.queryByRole('button', { name: 'Choose zip…' })).toBeNull()
  })

  it('fills the path from the desktop’s dialog; a cancelled dialog leaves it', async () => {
    const { bridge } = renderRoom('desktop')
    await openRobots()
    const form = screen.getByRole('form', { name: 'Import a robot' })
    const path = within(form).getByRole('textbox', { name: 'Path' }) as HTMLInputElement
    fireEvent.click(await within(form).findByRole('button', { name: 'Choose folder…' }))
    await waitFor(() => expect(path.value).toBe('/home/me/robots/greeter'))
    fireEvent.click(within(form).getByRole('button', { name: 'Choose zip…' }))
    await waitFor(() =>
      expect(requests(bridge, 'app.choosePath')).toEqual([{ kind: 'folder' }, { kind: 'zip' }]),
    )
    expect(path.value).toBe('/home/me/robots/greeter')
    // Choosing imports nothing by itself.
    expect(requests(bridge, 'room.importRobot')).toEqual([])
  })

  it('deletes a robot no process uses, after a confirmation', async () => {
    const { bridge } = renderRoom()
    const list = await openRobots()
    const item = within(list).getByRole('listitem', { name: 'reporter' })
    fireEvent.click(within(item).getByRole('button', { name: 'Delete reporter…' }))
    expect(within(item).getByRole('group', { name: 'Delete the robot “reporter”?' })).toBeTruthy()
    expect(requests(bridge, 'room.deleteRobot')).toEqual([])
    fireEvent.click(within(item).getByRole('button', { name: 'Delete robot' }))
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'reporter' })).toBeNull())
    expect(requests(bridge, 'room.deleteRobot')).toEqual([{ connectionId: 'local', robotId: 'r2' }])
  })
})

describe('Processes tab: create and delete', () => {
  async function openForm() {
    await screen.findByRole('navigation', { name: 'Room processes' })
    fireEvent.click(screen.getByRole('button', { name: 'New process' }))
    return screen.findByRole('form', { name: 'New process' })
  }

  it('offers only robots with a task the room can run, and each robot’s runnable tasks', async () => {
    renderRoom()
    const form = await openForm()
    const robotSelect = within(form).getByRole('combobox', { name: 'Robot of step 1' }) as HTMLSelectElement
    await waitFor(() => expect(robotSelect.options.length).toBe(3))
    expect([...robotSelect.options].map((o) => o.textContent)).toEqual([
      'Choose a robot…',
      'echo-payload',
      'reporter',
    ])
    const taskSelect = within(form).getByRole('combobox', { name: 'Task of step 1' }) as HTMLSelectElement
    expect(taskSelect.disabled).toBe(true)
    fireEvent.change(robotSelect, { target: { value: 'r2' } })
    expect([...taskSelect.options].map((o) => o.textContent)).toEqual([
      'Choose a task…',
      'Report',
      'Summarize',
    ])
    expect(taskSelect.value).toBe('')
    // A robot of one task comes with it chosen.
    fireEvent.change(robotSelect, { target: { value: 'r1' } })
    expect(taskSelect.value).toBe('Echo payload')
  })

  it('names what is missing beside its field and sends nothing', async () => {
    const { bridge } = renderRoom()
    const form = await openForm()
    await waitFor(() =>
      expect(
        (within(form).getByRole('combobox', { name: 'Robot of step 1' }) as HTMLSelectElement).options.length,
      ).toBe(3),
    )
    fireEvent.change(within(form).getByRole('combobox', { name: 'Robot of step 1' }), {
      target: { value: 'r2' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Add step' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Create process' }))
    expect(await within(form).findByText('Give the process a name.')).toBeTruthy()
    expect(within(form).getByText('Choose a task.')).toBeTruthy()
    expect(within(form).getByText('Choose a robot.')).toBeTruthy()
    expect(requests(bridge, 'room.createProcess')).toEqual([])
  })

  it('creates a process of two steps, shows it chosen, and reloads the runs view’s process list', async () => {
    const { bridge } = renderRoom()
    await waitFor(() => expect(screen.getByRole('status', { name: 'Feed processes' }).textContent).toBe('1'))
    const form = await openForm()
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), {
      target: { value: 'Report then echo' },
    })
    const robotOf = (n: number) => within(form).getByRole('combobox', { name: `Robot of step ${n}` })
    await waitFor(() => expect((robotOf(1) as HTMLSelectElement).options.length).toBe(3))
    fireEvent.change(robotOf(1), { target: { value: 'r2' } })
    fireEvent.change(within(form).getByRole('combobox', { name: 'Task of step 1' }), {
      target: { value: 'Summarize' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Add step' }))
    fireEvent.change(robotOf(2), { target: { value: 'r1' } })
    // A third step, removed again.
    fireEvent.click(within(form).getByRole('button', { name: 'Add step' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Remove step 3' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Create process' }))

    const steps = await screen.findByRole('region', { name: 'Steps of Report then echo' })
    expect(screen.queryByRole('form', { name: 'New process' })).toBeNull()
    expect(within(steps).getByRole('form', { name: 'Step 1: Summarize' })).toBeTruthy()
    expect(within(steps).getByRole('form', { name: 'Step 2: Echo payload' })).toBeTruthy()
    expect(requests(bridge, 'room.createProcess')).toEqual([
      {
        connectionId: 'local',
        name: 'Report then echo',
        steps: [
          { robotId: 'r2', task: 'Summarize' },
          { robotId: 'r1', task: 'Echo payload' },
        ],
      },
    ])
    const nav = screen.getByRole('navigation', { name: 'Room processes' })
    expect(
      within(nav)
        .getByRole('button', { name: /Report then echo/ })
        .getAttribute('aria-current'),
    ).toBe('true')
    await waitFor(() => expect(screen.getByRole('status', { name: 'Feed processes' }).textContent).toBe('2'))
  })

  it('deletes a process after a confirmation, and shows the room’s refusal while a run is in progress', async () => {
    const { bridge, processes } = renderRoom()
    // A second process to delete.
    const form = await openForm()
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Doomed' } })
    await waitFor(() =>
      expect(
        (within(form).getByRole('combobox', { name: 'Robot of step 1' }) as HTMLSelectElement).options.length,
      ).toBe(3),
    )
    fireEvent.change(within(form).getByRole('combobox', { name: 'Robot of step 1' }), {
      target: { value: 'r1' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Create process' }))
    const doomed = await screen.findByRole('region', { name: 'Steps of Doomed' })
    fireEvent.click(within(doomed).getByRole('button', { name: 'Delete Doomed…' }))
    fireEvent.click(within(doomed).getByRole('button', { name: 'Delete process' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Steps of Doomed' })).toBeNull())
    expect(processes().map((p) => p.name)).toEqual(['Echo payload'])
    await waitFor(() => expect(screen.getByRole('status', { name: 'Feed processes' }).textContent).toBe('1'))

    const echo = await screen.findByRole('region', { name: 'Steps of Echo payload' })
    fireEvent.click(within(echo).getByRole('button', { name: 'Delete Echo payload…' }))
    fireEvent.click(within(echo).getByRole('button', { name: 'Delete process' }))
    const alert = await within(echo).findByRole('alert')
    expect(alert.textContent).toContain('Not deleted.')
    expect(alert.textContent).toContain('The process has 1 run(s) in progress')
    expect(alert.textContent).toContain('process_busy')
    expect(requests(bridge, 'room.deleteProcess')).toEqual([
      { connectionId: 'local', processId: 'p9' },
      { connectionId: 'local', processId: 'p1' },
    ])
  })
})
