/**
 * Settings › Notifications over a fake bridge: the saved rules shown, a workspace and a process
 * rule added and saved as the contract's rules, the form's checks named beside the rule with
 * nothing sent, and main's refusal shown in its words.
 */
import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SettingsView } from '../../../../../src/renderer/src/components/settings/settings-view'
import type { NotificationRule } from '../../../../../src/shared/settings'
import { providersFor } from '../../wrapper'
import { settingsBridge } from './settings-fake'

function renderRules(notificationRules: NotificationRule[] = []) {
  const fake = settingsBridge({ notificationRules })
  render(<SettingsView />, { wrapper: providersFor(fake.bridge) })
  return fake
}

const notifications = () => screen.findByRole('region', { name: 'Notifications' })
const rule = (region: HTMLElement, n: number) => within(region).getByRole('group', { name: `Rule ${n}` })
const pick = (group: HTMLElement, name: string, value: string) =>
  fireEvent.change(within(group).getByRole('combobox', { name }), { target: { value } })

describe('Settings: notification rules', () => {
  it('shows the default rule and the saved rules with their workspace, process, when and quiet hours', async () => {
    renderRules([
      {
        scope: { connectionId: 'finance', processId: 'p9' },
        when: 'failures_and_recovery',
        onStart: true,
        quietHours: { from: '22:00', to: '07:00' },
      },
    ])
    const region = await notifications()
    // No default rule saved: the built-in one, every finish, no start, no quiet hours.
    const everyRun = within(region).getByRole('group', { name: 'Default rule' })
    expect(within(everyRun).getByRole<HTMLSelectElement>('combobox', { name: 'Notify' }).value).toBe('all')
    expect(within(everyRun).queryByRole('combobox', { name: 'Workspace' })).toBeNull()
    expect(within(everyRun).queryByRole('button')).toBeNull()
    const first = rule(region, 1)
    expect(within(first).getByRole<HTMLSelectElement>('combobox', { name: 'Workspace' }).value).toBe(
      'finance',
    )
    expect(within(first).getByRole<HTMLSelectElement>('combobox', { name: 'Process' }).value).toBe('p9')
    expect(within(first).getByRole<HTMLSelectElement>('combobox', { name: 'Notify' }).value).toBe(
      'failures_and_recovery',
    )
    expect(
      within(first).getByRole<HTMLInputElement>('checkbox', { name: 'Also when a run starts' }).checked,
    ).toBe(true)
    expect(within(first).getByLabelText<HTMLInputElement>('From').value).toBe('22:00')
    expect(within(first).getByLabelText<HTMLInputElement>('To').value).toBe('07:00')
  })

  it('adds a workspace rule and a process rule and saves them as the contract’s rules', async () => {
    const fake = renderRules()
    const region = await notifications()
    fireEvent.click(within(region).getByRole('button', { name: 'Add rule' }))
    pick(rule(region, 1), 'Notify', 'failures')

    fireEvent.click(within(region).getByRole('button', { name: 'Add rule' }))
    const second = rule(region, 2)
    pick(second, 'Workspace', 'finance')
    // Only the chosen workspace’s processes are offered.
    const processOptions = within(within(second).getByRole('combobox', { name: 'Process' })).getAllByRole(
      'option',
    )
    expect(processOptions.map((option) => option.textContent)).toEqual(['All processes', 'Invoices'])
    pick(second, 'Process', 'p9')
    pick(second, 'Notify', 'off')
    fireEvent.click(within(second).getByRole('checkbox', { name: 'Quiet hours' }))
    fireEvent.change(within(second).getByLabelText('From'), { target: { value: '23:30' } })
    fireEvent.change(within(second).getByLabelText('To'), { target: { value: '06:00' } })

    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    expect((await within(region).findByRole('status')).textContent).toBe('Saved.')
    expect(fake.current().notificationRules).toEqual([
      { scope: { connectionId: 'local' }, when: 'failures', onStart: false },
      {
        scope: { connectionId: 'finance', processId: 'p9' },
        when: 'off',
        onStart: false,
        quietHours: { from: '23:30', to: '06:00' },
      },
    ])
  })

  it('saves a changed default rule as the rule for every run, and leaves out an unchanged one', async () => {
    const fake = renderRules([{ scope: {}, when: 'off', onStart: false }])
    const region = await notifications()
    const everyRun = within(region).getByRole('group', { name: 'Default rule' })
    expect(within(everyRun).getByRole<HTMLSelectElement>('combobox', { name: 'Notify' }).value).toBe('off')
    pick(everyRun, 'Notify', 'failures')
    fireEvent.click(within(everyRun).getByRole('checkbox', { name: 'Quiet hours' }))
    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    expect((await within(region).findByRole('status')).textContent).toBe('Saved.')
    expect(fake.current().notificationRules).toEqual([
      { scope: {}, when: 'failures', onStart: false, quietHours: { from: '22:00', to: '07:00' } },
    ])

    // Back to the built-in behaviour: nothing is kept for it.
    pick(everyRun, 'Notify', 'all')
    fireEvent.click(within(everyRun).getByRole('checkbox', { name: 'Quiet hours' }))
    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    expect((await within(region).findByRole('status')).textContent).toBe('Saved.')
    expect(fake.current().notificationRules).toEqual([])
  })

  it('names a repeated scope or empty quiet hours beside the rule and sends nothing', async () => {
    const fake = renderRules([{ scope: { connectionId: 'local' }, when: 'all', onStart: false }])
    const region = await notifications()
    fireEvent.click(within(region).getByRole('button', { name: 'Add rule' }))
    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    const second = rule(region, 2)
    expect(second.textContent).toContain('An earlier rule is for the same workspace and process')
    expect(second.getAttribute('aria-invalid')).toBe('true')

    pick(second, 'Workspace', 'finance')
    fireEvent.click(within(second).getByRole('checkbox', { name: 'Quiet hours' }))
    fireEvent.change(within(second).getByLabelText('From'), { target: { value: '' } })
    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    expect(second.textContent).toContain('Quiet hours need a start and an end time')
    expect(fake.bridge.callCount('settings.setNotificationRules')).toBe(0)

    fireEvent.click(within(region).getByRole('button', { name: 'Remove rule 2' }))
    expect(within(region).queryByRole('group', { name: 'Rule 2' })).toBeNull()
  })

  it('shows main’s refusal in its words and keeps the rules as edited', async () => {
    const fake = renderRules([{ scope: { connectionId: 'gone' }, when: 'failures', onStart: false }])
    const region = await notifications()
    // A rule for a workspace since removed still shows, under its id.
    expect(
      within(rule(region, 1)).getByRole<HTMLSelectElement>('combobox', { name: 'Workspace' }).value,
    ).toBe('gone')
    fireEvent.click(within(region).getByRole('button', { name: 'Save' }))
    const alert = await within(region).findByRole('alert')
    expect(alert.textContent).toContain('Rules not saved.')
    expect(alert.textContent).toContain('There is no connection with the id "gone".')
    expect(fake.current().notificationRules).toHaveLength(1)
    expect(within(region).queryByRole('status')).toBeNull()
  })
})
