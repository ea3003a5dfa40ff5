/**
 * The local Control Room's process editor over the fake bridge: the processes and their steps, a
 * step's settings edited and saved, the checks named beside their fields before anything is sent,
 * and the room's refusal shown in its words with the edits kept.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { RoomAdminView } from '../../../../../src/renderer/src/components/room-admin/room-admin-view'
import type { RoomProcess } from '../../../../../src/shared/room-admin'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { providersFor } from '../../wrapper'

const step = (id: string, name: string, overrides: Partial<RoomProcess['steps'][number]> = {}) => ({
  id,
  name,
  robotName: 'echo-payload',
  task: 'Echo payload',
  waitForPrevious: true,
  parallelExecutions: 1,
  env: {},
  ...overrides,
})

function renderEditor() {
  let processes: RoomProcess[] = [
    { id: 'p1', name: 'Echo payload', updatedAt: 't0', steps: [step('s1', 'Echo payload')] },
    {
      id: 'p2',
      name: 'Two steps',
      updatedAt: 't0',
      steps: [step('s2', 'Produce'), step('s3', 'Consume', { env: { KEPT: 'yes', GONE: 'x' } })],
    },
  ]
  const bridge = createFakeBridge({
    room: {
      processes: async () => processes,
      setStepSettings: async ({ processId, stepId, settings }) => {
        // What the room refuses that the form cannot know (here: a name the test picks).
        if ('REFUSED' in settings.env)
          throw new BridgeError({
            code: 'invalid_step_settings',
            message: 'Step 2 “Consume”: variable “REFUSED”: refused by the room.',
            status: 400,
          })
        processes = processes.map((p) =>
          p.id === processId
            ? {
                ...p,
                updatedAt: 't1',
                steps: p.steps.map((s) => (s.id === stepId ? { ...s, ...settings } : s)),
              }
            : p,
        )
        return processes.find((p) => p.id === processId) as RoomProcess
      },
    },
  })
  render(<RoomAdminView connectionId="local" />, { wrapper: providersFor(bridge) })
  return { bridge, current: () => processes }
}

async function openTwoSteps() {
  fireEvent.click(await screen.findByRole('button', { name: /Two steps/ }))
  return screen.getByRole('form', { name: 'Step 2: Consume' })
}

describe('RoomAdminView', () => {
  it('lists the room’s processes and shows the chosen one’s steps with their settings', async () => {
    renderEditor()
    const nav = await screen.findByRole('navigation', { name: 'Room processes' })
    expect(
      within(nav)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Echo payload1 step', 'Two steps2 steps'])
    const first = screen.getByRole('form', { name: 'Step 1: Echo payload' })
    const wait = within(first).getByRole('checkbox', {
      name: 'Wait for the previous step',
    }) as HTMLInputElement
    // The first step has no previous step: always waits, not editable.
    expect(wait.checked).toBe(true)
    expect(wait.disabled).toBe(true)
    const consume = await openTwoSteps()
    expect((within(consume).getByRole('checkbox') as HTMLInputElement).disabled).toBe(false)
    expect((within(consume).getByLabelText('Name of variable 1') as HTMLInputElement).value).toBe('KEPT')
    expect((within(consume).getByLabelText('Value of variable 2') as HTMLInputElement).value).toBe('x')
  })

  it('saves a step’s settings: the checkbox, the number and the variables as edited', async () => {
    const { bridge, current } = renderEditor()
    const consume = await openTwoSteps()
    fireEvent.click(within(consume).getByRole('checkbox', { name: 'Wait for the previous step' }))
    fireEvent.change(within(consume).getByRole('spinbutton', { name: 'Parallel executions' }), {
      target: { value: '4' },
    })
    fireEvent.click(within(consume).getByRole('button', { name: 'Remove variable 2' }))
    fireEvent.click(within(consume).getByRole('button', { name: 'Add variable' }))
    fireEvent.change(within(consume).getByLabelText('Name of variable 2'), { target: { value: 'GREETING' } })
    fireEvent.change(within(consume).getByLabelText('Value of variable 2'), { target: { value: 'hi there' } })
    // A row left empty is no variable.
    fireEvent.click(within(consume).getByRole('button', { name: 'Add variable' }))
    fireEvent.click(within(consume).getByRole('button', { name: 'Save' }))

    const saved = await screen.findByRole('status')
    expect(saved.textContent).toBe('Saved.')
    expect(bridge.calls.filter((c) => c.name === 'room.setStepSettings').map((c) => c.request)).toEqual([
      {
        connectionId: 'local',
        processId: 'p2',
        stepId: 's3',
        updatedAt: 't0',
        settings: {
          waitForPrevious: false,
          parallelExecutions: 4,
          env: { KEPT: 'yes', GREETING: 'hi there' },
        },
      },
    ])
    expect(current()[1]?.steps[1]).toMatchObject({ parallelExecutions: 4, waitForPrevious: false })
    // The editor now shows what the room holds.
    const after = screen.getByRole('form', { name: 'Step 2: Consume' })
    expect((within(after).getByRole('spinbutton') as HTMLInputElement).value).toBe('4')
    expect(within(after).getAllByLabelText(/^Name of variable/)).toHaveLength(2)
  })

  it('names bad input beside its field and sends nothing', async () => {
    const { bridge } = renderEditor()
    const consume = await openTwoSteps()
    const parallel = within(consume).getByRole('spinbutton', { name: 'Parallel executions' })
    fireEvent.change(parallel, { target: { value: '0' } })
    fireEvent.change(within(consume).getByLabelText('Name of variable 1'), { target: { value: '1BAD' } })
    fireEvent.change(within(consume).getByLabelText('Name of variable 2'), { target: { value: 'RC_ITEM' } })
    fireEvent.click(within(consume).getByRole('button', { name: 'Add variable' }))
    fireEvent.change(within(consume).getByLabelText('Name of variable 3'), { target: { value: 'DUP' } })
    fireEvent.click(within(consume).getByRole('button', { name: 'Add variable' }))
    fireEvent.change(within(consume).getByLabelText('Name of variable 4'), { target: { value: 'DUP' } })
    fireEvent.click(within(consume).getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(parallel.getAttribute('aria-invalid')).toBe('true'))
    expect(within(consume).getByText('A whole number from 1 to 20.')).toBeTruthy()
    const names = within(consume).getAllByLabelText(/^Name of variable/)
    const problemOf = (input: HTMLElement) =>
      document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent
    expect(problemOf(names[0] as HTMLElement)).toBe(
      'Not a variable name: letters, digits and _, not starting with a digit.',
    )
    expect(problemOf(names[1] as HTMLElement)).toBe(
      'Not allowed: RC_*, ROBOT_ROOT and ROBOT_ARTIFACTS are set by the room.',
    )
    expect(problemOf(names[2] as HTMLElement)).toBeUndefined()
    expect(problemOf(names[3] as HTMLElement)).toBe('This name is already used above.')
    expect(bridge.callCount('room.setStepSettings')).toBe(0)
  })

  it('shows the room’s refusal in its words and keeps the edits', async () => {
    renderEditor()
    const consume = await openTwoSteps()
    fireEvent.change(within(consume).getByLabelText('Name of variable 1'), { target: { value: 'REFUSED' } })
    fireEvent.click(within(consume).getByRole('button', { name: 'Save' }))
    const alert = await within(consume).findByRole('alert')
    expect(alert.textContent).toContain('Not saved.')
    expect(alert.textContent).toContain('Step 2 “Consume”: variable “REFUSED”: refused by the room.')
    expect(alert.textContent).toContain('invalid_step_settings')
    expect((within(consume).getByLabelText('Name of variable 1') as HTMLInputElement).value).toBe('REFUSED')
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('says so when the app has no local room', () => {
    render(<RoomAdminView connectionId={undefined} />, { wrapper: providersFor(createFakeBridge()) })
    expect(screen.getByText('No local Control Room')).toBeTruthy()
  })
})
