/**
 * The Settings view over a fake bridge that keeps a settings document: the network settings saved
 * and main's refusal shown in its words, the plain-text secrets opt-in (only where the system
 * offers that choice), the theme applied and kept, and About naming what main knows.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsView } from '../../../../../src/renderer/src/components/settings/settings-view'
import type { AppInfo } from '../../../../../src/shared/domain'
import type { AppSettings } from '../../../../../src/shared/settings'
import { providersFor } from '../../wrapper'
import { settingsBridge } from './settings-fake'

function renderSettings(initial: Partial<AppSettings> = {}, info: Partial<AppInfo> = {}) {
  const fake = settingsBridge(initial, info)
  render(<SettingsView />, { wrapper: providersFor(fake.bridge) })
  return fake
}

const section = (name: string) => screen.findByRole('region', { name })

afterEach(() => {
  localStorage.clear()
  delete document.documentElement.dataset.theme
})

describe('SettingsView: network', () => {
  it('saves the proxy and the CA file, and shows main’s refusal in its words with the edits kept', async () => {
    const fake = renderSettings({ network: { caFile: '/etc/ssl/old.pem' } })
    const network = await section('Network')
    const proxy = within(network).getByRole('textbox', { name: 'Proxy URL' }) as HTMLInputElement
    const ca = within(network).getByRole('textbox', { name: 'Extra CA file' }) as HTMLInputElement
    expect(ca.value).toBe('/etc/ssl/old.pem')

    fireEvent.change(proxy, { target: { value: 'proxy.example.com' } })
    fireEvent.click(within(network).getByRole('button', { name: 'Save' }))
    const alert = await within(network).findByRole('alert')
    expect(alert.textContent).toContain('Network settings not saved.')
    expect(alert.textContent).toContain('The proxy is not a URL (e.g. http://proxy.example.com:3128).')
    expect(alert.textContent).toContain('invalid_setting')
    expect(proxy.value).toBe('proxy.example.com')

    fireEvent.change(proxy, { target: { value: 'http://proxy.example.com:3128' } })
    fireEvent.change(ca, { target: { value: '' } })
    fireEvent.click(within(network).getByRole('button', { name: 'Save' }))
    expect((await within(network).findByRole('status')).textContent).toBe('Saved.')
    expect(within(network).queryByRole('alert')).toBeNull()
    // A blank field clears its setting.
    expect(fake.current().network).toEqual({ proxyUrl: 'http://proxy.example.com:3128' })
  })
})

describe('SettingsView: secret storage', () => {
  it('offers keeping secrets on disk where the system has no secure storage, and says where they are', async () => {
    const fake = renderSettings(
      {},
      {
        secretStorage: 'basic_text',
        secretStorageSecure: false,
        secretsInMemoryOnly: true,
        plainTextChoice: true,
      },
    )
    const storage = await section('Secret storage')
    expect(storage.textContent).toContain('In memory only')
    const optIn = within(storage).getByRole('checkbox', {
      name: 'Keep secrets on disk without secure storage',
    }) as HTMLInputElement
    expect(optIn.checked).toBe(false)
    expect(optIn.getAttribute('aria-describedby')).toBeTruthy()
    expect(storage.textContent).toContain('any program or person that can read your files')

    fireEvent.click(optIn)
    await waitFor(() => expect(fake.current().allowPlainTextSecrets).toBe(true))
    // app.info is read again, so the page (and the top bar) say where secrets are now.
    await waitFor(() => expect(storage.textContent).toContain('On disk, obfuscated but not encrypted'))
    expect(optIn.checked).toBe(true)
  })

  it('shows main’s refusal of the change in its words, the box as it was', async () => {
    renderSettings({}, { secretStorage: 'unknown', secretStorageSecure: false, plainTextChoice: true })
    const storage = await section('Secret storage')
    const optIn = within(storage).getByRole<HTMLInputElement>('checkbox')
    fireEvent.click(optIn)
    const alert = await within(storage).findByRole('alert')
    expect(alert.textContent).toContain('Not changed. The secrets file could not be written.')
    expect(optIn.checked).toBe(false)
  })

  it('offers no choice where the system stores secrets securely', async () => {
    renderSettings(
      {},
      { secretStorage: 'gnome_libsecret', secretStorageSecure: true, plainTextChoice: false },
    )
    const storage = await section('Secret storage')
    expect(storage.textContent).toContain('Encrypted by the system’s secure storage (gnome_libsecret).')
    expect(within(storage).queryByRole('checkbox')).toBeNull()
  })
})

describe('SettingsView: appearance', () => {
  it('applies the chosen theme to the page at once and keeps it for the next start', async () => {
    renderSettings()
    const appearance = await section('Appearance')
    const system = within(appearance).getByRole('radio', { name: 'Follow the system' }) as HTMLInputElement
    expect(system.checked).toBe(true)
    expect(document.documentElement.dataset.theme).toBeUndefined()

    fireEvent.click(within(appearance).getByRole('radio', { name: 'Dark' }))
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(localStorage.getItem('robodeck.theme')).toBe('dark')

    fireEvent.click(system)
    expect(document.documentElement.dataset.theme).toBeUndefined()
    expect(localStorage.getItem('robodeck.theme')).toBeNull()
  })
})

describe('SettingsView: about', () => {
  it('names the versions main knows and how secrets are kept; no invented ones', async () => {
    renderSettings(
      {},
      { version: '1.2.3', mode: 'web', versions: { node: '24.1.0' }, dataDir: '/home/ann/.robodeck' },
    )
    const about = await section('About')
    const rows = within(about)
      .getAllByRole('term')
      .map((term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`)
    expect(rows).toEqual([
      'Robodeck: 1.2.3 (web mode)',
      'Node.js: 24.1.0',
      'Secrets: On disk, obfuscated but not encrypted (file_key): anyone who can read your files can recover them.',
    ])
  })
})
