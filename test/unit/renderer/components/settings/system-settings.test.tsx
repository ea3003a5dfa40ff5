/**
 * Settings › Start at login and Data folder over a fake bridge: in the desktop app the checkbox
 * follows what the system reports and shows its refusal in words; a folder is picked, the choice
 * between moving the data and starting empty made, kept for the next start, and a restart
 * offered; a folder that already holds data is used as it is. In web mode both are shown with the
 * reason they cannot be changed, and the path can be copied.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { BridgeError } from '../../../../../src/renderer/src/bridge'
import { SettingsView } from '../../../../../src/renderer/src/components/settings/settings-view'
import type { DataFolder, PickedDataFolder, StartAtLogin } from '../../../../../src/shared/system-settings'
import { createFakeBridge } from '../../../../support/fake-bridge'
import { stubCommandHandlers } from '../../../../support/fixtures'
import { providersFor } from '../../wrapper'

/** The desktop app's system as main reports it, with the picker answering `picks`. */
function desktopBridge(options: { picks?: PickedDataFolder | null; refuseLogin?: boolean } = {}) {
  let login: StartAtLogin = { available: true, enabled: false }
  let folder: DataFolder = {
    path: '/home/ann/.config/Robodeck',
    defaultPath: '/home/ann/.config/Robodeck',
    changeable: true,
    canShow: true,
  }
  const seen = { shown: 0, relaunched: 0 }
  const handlers = stubCommandHandlers()
  handlers.settings = {
    ...handlers.settings,
    startAtLogin: async () => login,
    async setStartAtLogin({ enabled }) {
      if (options.refuseLogin)
        throw new BridgeError({
          code: 'system_failed',
          message: 'The system did not take the change: Robodeck does not start at login.',
        })
      login = { ...login, enabled }
      return login
    },
    dataFolder: async () => folder,
    pickDataFolder: async () => ({ picked: options.picks ?? null }),
    async setDataFolder({ next }) {
      folder = { ...folder, ...(next ? { next } : { next: undefined }) }
      return folder
    },
    async showDataFolder() {
      seen.shown += 1
      return {}
    },
  }
  handlers.app.relaunch = async () => {
    seen.relaunched += 1
    return {}
  }
  const bridge = createFakeBridge(handlers)
  render(<SettingsView />, { wrapper: providersFor(bridge) })
  return { bridge, seen, folder: () => folder, login: () => login }
}

const section = (name: string) => screen.findByRole('region', { name })

describe('Settings: start at login', () => {
  it('turns it on with the system’s answer, and shows a refusal in its words with the box as it was', async () => {
    const fake = desktopBridge()
    const region = await section('Start at login')
    const box = within(region).getByRole<HTMLInputElement>('checkbox', {
      name: 'Start Robodeck when you log in',
    })
    expect(box.checked).toBe(false)
    expect(box.disabled).toBe(false)
    fireEvent.click(box)
    await waitFor(() => expect(box.checked).toBe(true))
    expect(fake.login().enabled).toBe(true)
  })

  it('shows the system’s refusal in its words', async () => {
    desktopBridge({ refuseLogin: true })
    const region = await section('Start at login')
    const box = within(region).getByRole<HTMLInputElement>('checkbox')
    fireEvent.click(box)
    const alert = await within(region).findByRole('alert')
    expect(alert.textContent).toContain('Not changed. The system did not take the change')
    expect(box.checked).toBe(false)
  })

  it('is disabled with the reason in web mode', async () => {
    render(<SettingsView />, { wrapper: providersFor(createFakeBridge(stubCommandHandlers())) })
    const region = await section('Start at login')
    const box = within(region).getByRole<HTMLInputElement>('checkbox', {
      name: 'Start Robodeck when you log in',
    })
    expect(box.disabled).toBe(true)
    const reason = document.getElementById(box.getAttribute('aria-describedby') ?? '')
    expect(reason?.textContent).toBe('Only in the desktop app.')
  })
})

describe('Settings: data folder', () => {
  it('shows the folder, opens it, and moves the data to a picked folder from the next start', async () => {
    const fake = desktopBridge({ picks: { path: '/mnt/data/Robodeck', holdsData: false } })
    const region = await section('Data folder')
    expect(within(region).getByRole<HTMLInputElement>('textbox', { name: 'Folder in use' }).value).toBe(
      '/home/ann/.config/Robodeck',
    )
    fireEvent.click(within(region).getByRole('button', { name: 'Show in folder' }))
    await waitFor(() => expect(fake.seen.shown).toBe(1))

    fireEvent.click(within(region).getByRole('button', { name: 'Choose another folder…' }))
    const choice = await within(region).findByRole('group', {
      name: 'Use /mnt/data/Robodeck from the next start',
    })
    const moveIt = within(choice).getByRole<HTMLInputElement>('radio', { name: /^Move my data there/ })
    expect(moveIt.checked).toBe(true)
    fireEvent.click(within(choice).getByRole('radio', { name: /^Start empty there/ }))
    fireEvent.click(moveIt)
    fireEvent.click(within(choice).getByRole('button', { name: 'Use this folder' }))
    expect((await within(region).findByRole('status')).textContent).toBe(
      'From the next start Robodeck keeps its data in /mnt/data/Robodeck, and moves your data there first.',
    )
    expect(fake.folder().next).toEqual({ path: '/mnt/data/Robodeck', move: true })

    fireEvent.click(within(region).getByRole('button', { name: 'Restart now' }))
    await waitFor(() => expect(fake.seen.relaunched).toBe(1))
    fireEvent.click(within(region).getByRole('button', { name: 'Keep the current folder' }))
    await waitFor(() => expect(within(region).queryByRole('status')).toBeNull())
    expect(fake.folder().next).toBeUndefined()
  })

  it('uses a folder that already holds Robodeck data as it is, offering no move', async () => {
    const fake = desktopBridge({ picks: { path: '/mnt/old', holdsData: true } })
    const region = await section('Data folder')
    fireEvent.click(within(region).getByRole('button', { name: 'Choose another folder…' }))
    const choice = await within(region).findByRole('group', { name: 'Use /mnt/old from the next start' })
    expect(choice.textContent).toContain('It already holds Robodeck data')
    expect(within(choice).queryByRole('radio')).toBeNull()
    fireEvent.click(within(choice).getByRole('button', { name: 'Use this folder' }))
    await waitFor(() => expect(fake.folder().next).toEqual({ path: '/mnt/old', move: false }))
  })

  it('shows where web mode’s folder is set, and copies its path', async () => {
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<SettingsView />, { wrapper: providersFor(createFakeBridge(stubCommandHandlers())) })
    const region = await section('Data folder')
    expect(region.textContent).toContain('Web mode keeps its data in the folder given with --data.')
    expect(within(region).queryByRole('button', { name: 'Choose another folder…' })).toBeNull()
    expect(within(region).queryByRole('button', { name: 'Show in folder' })).toBeNull()
    fireEvent.click(within(region).getByRole('button', { name: 'Copy path' }))
    expect((await within(region).findByRole('status')).textContent).toBe('Copied.')
    expect(writeText).toHaveBeenCalledWith('/home/ann/.robodeck-web')
  })
})
