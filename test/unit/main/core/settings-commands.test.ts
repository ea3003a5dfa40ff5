/**
 * The settings commands on a real core over real files: keeping secrets on disk without secure
 * storage (basic_text) turned on and off, and the notification rules and favourites, validated
 * and saved. The network settings are tested over real servers in test/integration/main/core.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher, type SecretCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { tempDir } from '../../../support/temp-dir'

const KEY = 'plain-text-test-key-0042'
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close()
})

/** Linux without a secret service: safeStorage falls back to basic_text, which protects nothing. */
const basicText = (dir: string): SecretCipher => ({
  ...createFileKeyCipher(join(dir, 'secrets.key')),
  backend: async () => 'basic_text',
})

function openCore(dataDir: string, cipher: SecretCipher = createFileKeyCipher(join(dataDir, 'secrets.key'))) {
  const core = createCore({
    dataDir,
    cipher,
    openSettingsFile: openConfSettingsFile,
    mode: 'desktop',
    version: 'test',
    logError: () => {},
  })
  cores.push(core)
  return core
}

const secretsOnDisk = (dir: string): Record<string, unknown> => {
  try {
    return JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))
  } catch {
    return {}
  }
}

async function addConnection(core: Core, id = 'finance') {
  await core.connections.save({
    id,
    name: 'Finance',
    kind: 'cloud',
    apiUrl: 'https://cloud.example.com/api/v1',
    workspaceId: 'ws',
    apiKey: KEY,
  })
}

describe('app.info', () => {
  it('says where the choice of plain-text storage exists, the runtime versions and the data folder', async () => {
    const dir = await tempDir()
    const info = await openCore(dir, basicText(dir)).handlers.app.info({})
    expect(info).toMatchObject({
      plainTextChoice: true,
      dataDir: dir,
      versions: { node: process.versions.node },
    })
    // Plain Node has no Electron or Chrome: those are left out, not made up.
    expect(Object.keys(info.versions)).toEqual(['node'])
    const secureDir = await tempDir()
    expect((await openCore(secureDir).handlers.app.info({})).plainTextChoice).toBe(false)
  })
})

describe('settings.setSecretStorage', () => {
  it('writes memory-only secrets to disk once allowed, and takes them off disk once refused', async () => {
    const dir = await tempDir()
    const core = openCore(dir, basicText(dir))
    await addConnection(core)
    expect(secretsOnDisk(dir)).toEqual({})
    expect((await core.handlers.app.info({})).secretsInMemoryOnly).toBe(true)

    const allowed = await core.dispatch('settings.setSecretStorage', { allowPlainTextSecrets: true })
    expect(allowed).toMatchObject({ ok: true, value: { allowPlainTextSecrets: true } })
    expect(Object.keys(secretsOnDisk(dir))).toEqual(['connection/finance/api-key'])
    expect(JSON.stringify(secretsOnDisk(dir))).not.toContain(KEY)
    expect((await core.handlers.app.info({})).secretsInMemoryOnly).toBe(false)

    // A later start reads the setting and the key from disk.
    await core.close()
    cores.splice(0)
    const reopened = openCore(dir, basicText(dir))
    expect(reopened.settings.get().allowPlainTextSecrets).toBe(true)
    expect(await reopened.connections.apiKey('finance')).toBe(KEY)

    await reopened.dispatch('settings.setSecretStorage', { allowPlainTextSecrets: false })
    expect(secretsOnDisk(dir)).toEqual({})
    // Still usable for this run of the app.
    expect(await reopened.connections.apiKey('finance')).toBe(KEY)
    expect((await reopened.connections.summaries())[0]?.keyState).toBe('memory')
  })

  it('leaves secrets of a secure backend on disk when plain text is refused', async () => {
    const dir = await tempDir()
    const cipher: SecretCipher = {
      ...createFileKeyCipher(join(dir, 'k')),
      backend: async () => 'gnome_libsecret',
    }
    const core = openCore(dir, cipher)
    await addConnection(core)
    await core.dispatch('settings.setSecretStorage', { allowPlainTextSecrets: true })
    await core.dispatch('settings.setSecretStorage', { allowPlainTextSecrets: false })
    expect(Object.keys(secretsOnDisk(dir))).toEqual(['connection/finance/api-key'])
  })
})

describe('settings.setNotificationRules and settings.setFavourites', () => {
  it('saves rules and favourites for known connections, per process rules keeping their process', async () => {
    const dir = await tempDir()
    const core = openCore(dir)
    await addConnection(core)
    const rules = [
      { scope: {}, when: 'failures_and_recovery', onStart: false },
      { scope: { connectionId: 'finance' }, when: 'failures', onStart: false },
      {
        scope: { connectionId: 'finance', processId: 'p1' },
        when: 'all',
        onStart: true,
        quietHours: { from: '22:00', to: '07:00' },
      },
    ]
    expect(await core.dispatch('settings.setNotificationRules', { rules })).toMatchObject({
      ok: true,
      value: { notificationRules: rules },
    })
    const favourites = [{ connectionId: 'finance', processId: 'p1', payload: { month: 'May' } }]
    expect(await core.dispatch('settings.setFavourites', { favourites })).toMatchObject({
      ok: true,
      value: { favourites },
    })
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))
    expect(file.notificationRules).toEqual(rules)
    expect(file.favourites).toEqual(favourites)
    expect(await core.dispatch('settings.get', {})).toEqual({
      ok: true,
      value: { network: {}, allowPlainTextSecrets: false, notificationRules: rules, favourites, presets: [] },
    })
  })

  it('refuses an unknown connection, a repeated scope, and a malformed rule, saving nothing', async () => {
    const dir = await tempDir()
    const core = openCore(dir)
    await addConnection(core)
    const rule = { scope: { connectionId: 'finance' }, when: 'all' }
    expect(
      await core.dispatch('settings.setNotificationRules', {
        rules: [{ ...rule, scope: { connectionId: 'nowhere' } }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_connection' } })
    expect(await core.dispatch('settings.setNotificationRules', { rules: [rule, rule] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting', message: 'The rule for connection finance is listed twice.' },
    })
    const everyRun = { scope: {}, when: 'off' }
    expect(
      await core.dispatch('settings.setNotificationRules', { rules: [everyRun, rule, everyRun] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting', message: 'The default rule is listed twice.' },
    })
    expect(
      await core.dispatch('settings.setNotificationRules', {
        rules: [{ ...rule, quietHours: { from: '25:00', to: '07:00' } }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const favourite = { connectionId: 'finance', processId: 'p1' }
    expect(
      await core.dispatch('settings.setFavourites', { favourites: [favourite, favourite] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_setting' },
    })
    expect(
      await core.dispatch('settings.setFavourites', { favourites: [{ ...favourite, connectionId: 'x' }] }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_connection' } })
    expect(core.settings.get()).toMatchObject({ notificationRules: [], favourites: [] })
  })
  it('keeps payload presets per process, bounded, named once per process, and drops them with their workspace', async () => {
    const dir = await tempDir()
    const core = openCore(dir)
    await addConnection(core)
    const presets = [
      { connectionId: 'finance', processId: 'p1', name: 'May', payload: { month: 'May' } },
      { connectionId: 'finance', processId: 'p2', name: 'May', payload: { month: 5 } },
    ]
    expect(await core.dispatch('settings.setPresets', { presets })).toMatchObject({
      ok: true,
      value: { presets },
    })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).presets).toEqual(presets)

    // Refused, saving nothing: a name twice for one process, an unknown workspace, a blank name,
    // a payload over 64 KiB of JSON.
    const first = presets[0] as (typeof presets)[number]
    const refusals = [
      {
        presets: [first, { ...first, name: ' May ' }],
        code: 'invalid_setting',
        message: /“May” of p1 .* twice/,
      },
      { presets: [{ ...first, connectionId: 'nowhere' }], code: 'unknown_connection' },
      { presets: [{ ...first, name: '  ' }], code: 'invalid_request' },
      {
        presets: [{ ...first, payload: { text: 'x'.repeat(64 * 1024) } }],
        code: 'invalid_request',
        message: /64 KiB/,
      },
    ]
    for (const { presets: sent, code, message } of refusals) {
      const answer = await core.dispatch('settings.setPresets', { presets: sent })
      expect(answer).toMatchObject({ ok: false, error: { code } })
      if (message && !answer.ok) expect(answer.error.message).toMatch(message)
    }
    expect(core.settings.get().presets).toEqual(presets)

    core.connections.remove('finance')
    expect(core.settings.get().presets).toEqual([])
  })
})
