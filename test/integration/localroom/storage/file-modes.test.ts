/**
 * Run data is the user's alone: after runs with artifacts, input and output files, asset uploads, a
 * task package and an imported robot folder, every folder under the room's data dir is 0700 and
 * every file 0600 (0700 for a file its owner may run), whatever the umask; a data dir left open to
 * others by an older build is made private on start. Web mode's data dir likewise. Real processes,
 * real files, under the test runner's umask (usually 022, which lets everyone read).
 */
import { chmod, lstat, readdir, writeFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { GREETER_FILES, sendBytes, writeFiles, zipOf } from '../../../support/localroom-packages'
import { insertTestProcess, writeTestRobot } from '../../../support/localroom-test-robot'
import { roomFixture } from '../../../support/room-fixture'
import { tempDir } from '../../../support/temp-dir'
import { startWebMode } from '../../../support/web-mode'

const WINDOWS = process.platform === 'win32'
/** A file its owner may run: copies of it keep the owner's execute bit (0700). */
const RUNNABLE = 'run.sh'

/** Every entry under root whose mode is not the private one, as `path mode` lines; and how many were seen. */
async function notPrivate(root: string): Promise<{ loose: string[]; files: string[] }> {
  const loose: string[] = []
  const files: string[] = []
  const visit = async (path: string) => {
    const stat = await lstat(path)
    const mode = stat.mode & 0o777
    const name = relative(root, path) || '.'
    if (stat.isDirectory()) {
      if (mode !== 0o700) loose.push(`${name}/ ${mode.toString(8)}`)
      for (const entry of await readdir(path)) await visit(join(path, entry))
    } else {
      files.push(name)
      const expected = basename(path) === RUNNABLE ? 0o700 : 0o600
      if (mode !== expected) loose.push(`${name} ${mode.toString(8)}`)
    }
  }
  await visit(root)
  return { loose, files }
}

/** Opens everything under root to others, as a data dir made before rooms made theirs private. */
async function loosen(path: string): Promise<void> {
  const stat = await lstat(path)
  if (stat.isDirectory()) {
    await chmod(path, 0o755)
    for (const entry of await readdir(path)) await loosen(join(path, entry))
  } else await chmod(path, basename(path) === RUNNABLE ? 0o755 : 0o644)
}

describe.skipIf(WINDOWS)(
  'file modes of run data (POSIX; on Windows the user profile’s ACLs protect it)',
  { timeout: 90_000 },
  () => {
    describe('the room’s data dir', () => {
      const fixture = roomFixture({
        mode: 'spawned',
        prepare: async (dir) => {
          const robotsDir = await writeTestRobot(dir)
          await writeFile(join(robotsDir, 'test-robot', RUNNABLE), '#!/bin/sh\necho hi\n', { mode: 0o755 })
          return { robotsDir }
        },
      })

      it('keeps every folder 0700 and every file 0600, and tightens an old one', async () => {
        const { api, manage, waitForRunEnd, dir, dataDir } = fixture
        const ws = fixture.ws()
        const processId = insertTestProcess(dataDir, ws, 'Files')

        // An input item with an uploaded file, run with artifacts; and a run whose outputs carry files.
        const item = await api('POST', `/workspaces/${ws}/work-items`, {
          body: { process: { id: processId }, payload: { mode: 'artifact', readFiles: true } },
        })
        const link = await api('POST', `/workspaces/${ws}/work-items/${item.body.id}/files/upload`, {
          body: { file_name: 'note.txt', file_size: 5 },
        })
        const form = new FormData()
        for (const [name, value] of Object.entries(link.body.form_data)) form.append(name, String(value))
        form.append('file', new Blob(['hello']), 'note.txt')
        expect((await fetch(link.body.url, { method: 'POST', body: form })).status).toBe(204)
        const runs = [
          await api('POST', `/workspaces/${ws}/processes/${processId}/process-runs`, {
            body: { type: 'with_work_item_ids', work_item_ids: [item.body.id] },
          }),
          await api('POST', `/workspaces/${ws}/processes/${processId}/process-runs`, {
            body: { type: 'with_payloads', payloads: [{ mode: 'split', count: 2 }] },
          }),
        ]
        for (const run of runs) expect((await waitForRunEnd(run.body.id)).state).toBe('completed')

        // Asset content, inline and through the upload URL.
        const asset = await api('POST', `/workspaces/${ws}/assets`, { body: { name: 'modes' } })
        await api('POST', `/workspaces/${ws}/assets/${asset.body.id}/uploads`, {
          body: { content_type: 'text/plain', data: 'b2xk' },
        })
        const pending = await api('POST', `/workspaces/${ws}/assets/${asset.body.id}/uploads`, {
          body: { content_type: 'text/plain' },
        })
        expect((await fetch(pending.body.upload_url, { method: 'PUT', body: 'new' })).status).toBe(200)

        // A task package's zip and an imported robot folder (with a script its owner may run).
        const pkg = await api('POST', `/workspaces/${ws}/task-packages`, { body: { name: 'Greeter' } })
        const upload = await api('GET', `/workspaces/${ws}/task-packages/${pkg.body.id}/upload`)
        expect((await sendBytes(upload.body.url, 'PUT', zipOf(GREETER_FILES))).status).toBe(204)
        const source = join(dir, 'greeter-folder')
        await writeFiles(source, { ...GREETER_FILES, [RUNNABLE]: '#!/bin/sh\n' })
        await loosen(source)
        const imported = await manage('POST', `/workspaces/${ws}/robots`, { path: source, name: 'Imported' })
        expect(imported.status, JSON.stringify(imported.body)).toBe(200)

        const { loose, files } = await notPrivate(dataDir)
        expect(loose).toEqual([])
        // The walk saw what it is about: the store, artifacts, items' files, assets, robots, their copies.
        for (const expected of [
          'localroom.sqlite',
          'localroom.sqlite-wal',
          'localroom.sqlite-shm',
          'room-secret.key',
          'localroom.lock',
          'localroom.holder.json',
        ])
          expect(files).toContain(expected)
        for (const pattern of [
          /^step-runs\/[^/]+\/robot\/output\/sub\/data\.json$/,
          /^step-runs\/[^/]+\/robot\/run\.sh$/,
          /^step-runs\/[^/]+\/work-items-in\/0\/note\.txt$/,
          /^step-runs\/[^/]+\/work-items-out\/part-1\.txt$/,
          /^work-item-files\/[^/]+$/,
          /^assets\/[^/]+$/,
          new RegExp(`^robots/${pkg.body.id}/greet\\.mjs$`),
          new RegExp(`^robots/${imported.body.id}/${RUNNABLE.replace('.', '\\.')}$`),
        ])
          expect(files.filter((file) => pattern.test(file)).length, String(pattern)).toBeGreaterThan(0)

        // A data dir from before: everything open to others. The next start makes it private again.
        await fixture.close()
        await loosen(dataDir)
        await fixture.restart()
        expect((await notPrivate(dataDir)).loose).toEqual([])
        expect(fixture.process.stderr()).toContain(
          `made the data dir ${dataDir} private: it was 0755, now 0700`,
        )
      })
    })

    it('keeps web mode’s data dir (settings, secrets, connections, the room) private', async () => {
      const dataDir = await tempDir('robodeck-web-modes-')
      // An existing data dir others could read: web mode makes it private and says so.
      await chmod(dataDir, 0o755)
      const web = await startWebMode({ dataDir })
      try {
        await waitFor(() => web.stderr().includes('serving on'))
        const expected = [
          'app/settings.json',
          'app/secrets.json',
          'app/secrets.key',
          'localroom/localroom.sqlite',
        ]
        // The local room's key reaches the vault (secrets.json) in the background, just after the start.
        const { loose, files } = await waitFor(async () => {
          const found = await notPrivate(dataDir)
          return expected.every((file) => found.files.includes(file)) ? found : undefined
        })
        expect(loose).toEqual([])
        for (const file of expected) expect(files).toContain(file)
        expect(web.stderr()).toContain(`made ${dataDir} private: it was 0755, now 0700`)
      } finally {
        await web.stop()
      }
    })
  },
)
