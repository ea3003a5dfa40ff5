/** runs.list pages through a real local room's run list with a cursor: every run once, newest first. */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileKeyCipher } from '../../../../src/main/core/cipher'
import { type Core, createCore } from '../../../../src/main/core/core'
import { openConfSettingsFile } from '../../../../src/main/core/settings/conf-settings-file'
import { compareNewestFirst, runKey } from '../../../../src/shared/runs'
import { type SpawnedLocalRoom, spawnLocalRoom } from '../../../support/localroom'
import { seedRuns } from '../../../support/seed-runs'
import { tempDir } from '../../../support/temp-dir'

let room: SpawnedLocalRoom | undefined
let core: Core | undefined

afterEach(async () => {
  await core?.close()
  await room?.stop()
  core = undefined
  room = undefined
})

describe('runs.list paging', () => {
  it('reads 1,250 runs in pages of 500 through the cursor, each once, newest first', async () => {
    const roomDir = await tempDir()
    await (await spawnLocalRoom({ dataDir: roomDir })).stop()
    seedRuns(roomDir, 1250)
    room = await spawnLocalRoom({ dataDir: roomDir })
    const dir = await tempDir()
    core = createCore({
      dataDir: dir,
      cipher: createFileKeyCipher(join(dir, 'secrets.key')),
      openSettingsFile: openConfSettingsFile,
      mode: 'web',
      version: 'test',
    })
    await core.connectLocalRoom(room.bootstrap)

    const pages: number[] = []
    const all = []
    let cursor: string | undefined
    do {
      const page = await core.handlers.runs.list({ limit: 500, ...(cursor ? { cursor } : {}) })
      expect(page.failures).toEqual([])
      pages.push(page.runs.length)
      all.push(...page.runs)
      cursor = page.next ?? undefined
    } while (cursor)
    expect(pages).toEqual([500, 500, 250])
    expect(new Set(all.map(runKey)).size).toBe(1250)
    expect(all).toEqual([...all].sort(compareNewestFirst))

    const bad = await core.dispatch('runs.list', { cursor: 'bm90IGEgY3Vyc29y' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // A cursor can carry only a query: one naming another server still reads this room's list.
    const forged = Buffer.from(JSON.stringify([['local', 'http://evil.example/x?cursor=1']])).toString(
      'base64url',
    )
    const answer = await core.dispatch('runs.list', { cursor: forged })
    expect(answer).toMatchObject({ ok: true })
  })
})
