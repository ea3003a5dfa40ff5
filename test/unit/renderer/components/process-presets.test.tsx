/**
 * Payload presets in a process's row over the fake bridge: saved through settings.setPresets
 * (every preset sent, other processes' kept), chosen to fill the editor, replaced by name, deleted,
 * and a refused save shown.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../../src/renderer/src/bridge'
import type { ProcessSummary } from '../../../../src/shared/domain'
import type { ProcessPreset } from '../../../../src/shared/settings'
import { openPayload, payloadText, typePayload } from './payload-input'
import { renderWithSettings } from './processes-panel-harness'

const processes: ProcessSummary[] = [
  { connectionId: 'local', id: 'p1', name: 'Payroll', createdAt: '2026-01-01T00:00:00Z' },
]
const otherProcess: ProcessPreset = { connectionId: 'local', processId: 'p9', name: 'May', payload: 1 }

function renderPanel(initial: ProcessPreset[], refuse = false) {
  const refusal = new BridgeError({ code: 'invalid_setting', message: 'Too big.' })
  return { saved: renderWithSettings(processes, { presets: initial }, refuse ? refusal : undefined).presets }
}

const picker = () => screen.getByRole('combobox', { name: 'Preset for Payroll' }) as HTMLSelectElement
const nameField = () => screen.getByRole('textbox', { name: 'New preset name for Payroll' })
const saveButton = () => screen.getByRole('button', { name: 'Save preset' }) as HTMLButtonElement

describe('payload presets', () => {
  it('saves the payload under a name, keeping other processes’ presets', async () => {
    const { saved } = renderPanel([otherProcess])
    await openPayload('Payroll')
    expect(picker().disabled).toBe(true)
    fireEvent.change(nameField(), { target: { value: ' November ' } })
    expect(saveButton().disabled).toBe(true)
    await typePayload('Payroll', '{"month": 11}')
    await waitFor(() => expect(saveButton().disabled).toBe(false))
    fireEvent.click(saveButton())
    await waitFor(() =>
      expect(saved).toEqual([
        [otherProcess, { connectionId: 'local', processId: 'p1', name: 'November', payload: { month: 11 } }],
      ]),
    )
    await waitFor(() => expect(picker().value).toBe('November'))
  })

  it('fills the editor from a chosen preset, replaces one by name, and deletes it', async () => {
    const may = { connectionId: 'local', processId: 'p1', name: 'May', payload: { month: 5 } }
    const june = { ...may, name: 'June', payload: { month: 6 } }
    const { saved } = renderPanel([may, june, otherProcess])
    await waitFor(() => expect(picker().disabled).toBe(false))
    expect([...picker().options].map((o) => o.textContent)).toEqual(['Choose a preset…', 'June', 'May'])
    const editor = await openPayload('Payroll')
    fireEvent.change(picker(), { target: { value: 'May' } })
    expect(payloadText(editor)).toBe('{\n  "month": 5\n}')

    await typePayload('Payroll', '{"month": 55}')
    fireEvent.change(nameField(), { target: { value: 'May' } })
    fireEvent.click(saveButton())
    await waitFor(() => expect(saved).toHaveLength(1))
    expect(saved[0]).toEqual([june, otherProcess, { ...may, payload: { month: 55 } }])

    fireEvent.click(await screen.findByRole('button', { name: 'Delete “May”' }))
    await waitFor(() => expect(saved).toHaveLength(2))
    expect(saved[1]).toEqual([june, otherProcess])
    await waitFor(() =>
      expect([...picker().options].map((o) => o.textContent)).toEqual(['Choose a preset…', 'June']),
    )
  })

  it('shows a refused save and keeps the name typed', async () => {
    renderPanel([], true)
    await typePayload('Payroll', '[1, 2]')
    fireEvent.change(nameField(), { target: { value: 'Pair' } })
    await waitFor(() => expect(saveButton().disabled).toBe(false))
    fireEvent.click(saveButton())
    expect((await screen.findByRole('alert')).textContent).toBe('Could not change the presets: Too big.')
    expect((nameField() as HTMLInputElement).value).toBe('Pair')
  })
})
