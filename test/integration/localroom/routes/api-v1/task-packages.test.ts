/** Task packages through API v1: create, upload through the signed link, run, download, delete; bad packages. */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import {
  specExists,
  specResponseSchema,
  tamperSignature,
  validateAgainstSpec,
} from '../../../../support/localroom'
import { GREETER_FILES, sendBytes, zipOf } from '../../../../support/localroom-packages'
import { isErrorBody, roomFixture } from '../../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { ws, api, manage, waitForRunEnd } = fixture

const expectSpec = (method: string, path: string, response: { status: number; body: unknown }) => {
  if (!specExists) return
  expect(validateAgainstSpec(specResponseSchema(method, path, response.status), response.body)).toEqual([])
}

async function createPackage(name: string): Promise<string> {
  const created = await api('POST', `/workspaces/${ws()}/task-packages`, { body: { name } })
  expect(created.status, JSON.stringify(created.body)).toBe(200)
  expectSpec('POST', '/workspaces/{workspace_id}/task-packages', created)
  expect(created.body).toEqual({ id: expect.any(String), name })
  return created.body.id
}

async function uploadLink(id: string): Promise<string> {
  const link = await api('GET', `/workspaces/${ws()}/task-packages/${id}/upload`)
  expect(link.status, JSON.stringify(link.body)).toBe(200)
  expectSpec('GET', '/workspaces/{workspace_id}/task-packages/{task_package_id}/upload', link)
  expect(link.body.form_data).toEqual({})
  return link.body.url
}

/** Every entry of <data>/robots: only robot ids, never a leftover temporary folder. */
const robotsDirEntries = () => readdir(join(fixture.dataDir, 'robots')).catch(() => [] as string[])

describe('task packages', () => {
  let packageId: string

  it('creates a package, uploads its zip through the signed link, runs it and downloads it back', async () => {
    packageId = await createPackage('Greeter')
    const url = await uploadLink(packageId)
    expect(url).toMatch(/\/task-package-files\/.+\?expires=\d+&signature=/)
    // rcc wraps the robot in one top-level folder.
    const put = await sendBytes(url, 'PUT', zipOf(GREETER_FILES, 'greeter/'))
    expect(put.status, JSON.stringify(put.body)).toBe(204)
    expect(existsSync(join(fixture.dataDir, 'robots', packageId, 'robot.yaml'))).toBe(true)

    const robot = await manage('GET', `/workspaces/${ws()}/robots/${packageId}`)
    expect(robot.body).toMatchObject({
      source: 'package',
      has_content: true,
      tasks: [{ name: 'Greet', runnable: true }],
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    })

    const process = await manage('POST', `/workspaces/${ws()}/processes`, {
      name: 'Greet from a package',
      // The package robot reads and writes the file contract.
      steps: [{ robot_id: packageId, task: 'Greet', work_item_adapter: 'file' }],
    })
    expect(process.status, JSON.stringify(process.body)).toBe(200)
    const start = await api('POST', `/workspaces/${ws()}/processes/${process.body.id}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ name: 'Ada' }] },
    })
    expect(start.status, JSON.stringify(start.body)).toBe(200)
    const run = await waitForRunEnd(start.body.id)
    expect(run.state).toBe('completed')
    const outputs = await api('GET', `/workspaces/${ws()}/process-runs/${start.body.id}/outputs`)
    expect(outputs.body.data.map((o: { payload: unknown }) => o.payload)).toEqual([{ greeting: 'hello Ada' }])

    const link = await api('GET', `/workspaces/${ws()}/task-packages/${packageId}/download`)
    expect(link.status).toBe(200)
    expectSpec('GET', '/workspaces/{workspace_id}/task-packages/{task_package_id}/download', link)
    const download = await fetch(link.body.url)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()))
    const texts = Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, Buffer.from(data).toString()]),
    )
    expect(texts).toEqual(GREETER_FILES)

    // In use: the package cannot go while a process step refers to it.
    const refused = await api('DELETE', `/workspaces/${ws()}/task-packages/${packageId}`)
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/Greet from a package/)
    expect((await manage('DELETE', `/workspaces/${ws()}/processes/${process.body.id}`)).status).toBe(200)
  })

  it('replaces the content on a new upload (multipart POST with the form_data fields)', async () => {
    const url = await uploadLink(packageId)
    const files = { ...GREETER_FILES, 'extra.txt': 'second version' }
    delete (files as Record<string, string>)['lib/notes.txt']
    const form = new FormData()
    form.append('file', new Blob([zipOf(files)], { type: 'application/zip' }), 'robot.zip')
    const response = await fetch(url, { method: 'POST', body: form })
    expect(response.status, await response.text()).toBe(204)
    expect(existsSync(join(fixture.dataDir, 'robots', packageId, 'extra.txt'))).toBe(true)
    expect(existsSync(join(fixture.dataDir, 'robots', packageId, 'lib', 'notes.txt'))).toBe(false)
    expect((await robotsDirEntries()).filter((name) => name.startsWith('.'))).toEqual([])
  })

  it('refuses a changed link, a link for another method and a body that is not a zip type', async () => {
    const url = await uploadLink(packageId)
    const tampered = tamperSignature(url)
    expect((await sendBytes(tampered, 'PUT', zipOf(GREETER_FILES))).status).toBe(403)
    const download = (await api('GET', `/workspaces/${ws()}/task-packages/${packageId}/download`)).body.url
    expect((await sendBytes(download, 'PUT', zipOf(GREETER_FILES))).status).toBe(403)
    for (const type of ['text/plain', 'application/json', null]) {
      const wrong = await sendBytes(url, 'PUT', zipOf(GREETER_FILES), type)
      expect(wrong.status, String(type)).toBe(415)
      expect(isErrorBody(wrong.body)).toBe(true)
      expect((wrong.body as { error: { message: string } }).error.message).toMatch(/application\/zip/)
    }
  })

  it('deletes a package and its folder', async () => {
    const deleted = await api('DELETE', `/workspaces/${ws()}/task-packages/${packageId}`)
    expect(deleted.status).toBe(200)
    expectSpec('DELETE', '/workspaces/{workspace_id}/task-packages/{task_package_id}', deleted)
    expect(existsSync(join(fixture.dataDir, 'robots', packageId))).toBe(false)
    expect((await api('GET', `/workspaces/${ws()}/task-packages/${packageId}/upload`)).status).toBe(404)
  })

  it('answers 409 for the download link of a package never uploaded, and 400 for a bad create body', async () => {
    const id = await createPackage('Empty')
    const link = await api('GET', `/workspaces/${ws()}/task-packages/${id}/download`)
    expect(link.status).toBe(409)
    const bad = await api('POST', `/workspaces/${ws()}/task-packages`, { body: { name: '' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toMatch(/name/)
  })
})

/** Lies about the first entry's uncompressed size in the central directory. */
function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const view = Buffer.from(zip)
  const central = view.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  view.writeUInt32LE(size, central + 24)
  return view
}

const YAML = 'tasks:\n  Run:\n    shell: node run.mjs\n'
const symlinkZip = () =>
  zipSync({
    'robot.yaml': strToU8(YAML),
    'evil-link': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
  })

describe('bad task packages', () => {
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['no robot.yaml', () => zipOf({ 'run.mjs': '' }), /no robot.yaml/],
    ['robot.yaml two folders down', () => zipOf({ 'a/b/robot.yaml': YAML }), /no robot.yaml/],
    ['invalid YAML', () => zipOf({ 'robot.yaml': 'tasks: [unclosed' }), /not valid YAML/],
    ['no tasks', () => zipOf({ 'robot.yaml': 'artifactsDir: output\n' }), /declares no tasks/],
    [
      'a task with neither shell nor command',
      () => zipOf({ 'robot.yaml': 'tasks:\n  Run:\n    description: x\n' }),
      /task "Run" has neither shell nor command/,
    ],
    [
      'a zip-slip entry',
      () => zipOf({ 'robot.yaml': YAML, '../../evil.txt': 'pwned' }),
      /"..\/..\/evil.txt" escapes/,
    ],
    [
      'an absolute path',
      () => zipOf({ 'robot.yaml': YAML, '/tmp/robodeck-absolute-evil.txt': 'pwned' }),
      /absolute path/,
    ],
    ['a drive letter', () => zipOf({ 'robot.yaml': YAML, 'C:/evil.txt': 'pwned' }), /absolute path/],
    ['a symbolic link entry', symlinkZip, /symbolic link/],
    ['not a zip', () => strToU8('PK? no, just text pretending to be a zip file'), /not a zip file/],
    [
      'an entry that unpacks too big',
      () => withDeclaredSize(zipOf({ 'robot.yaml': YAML }), 0xfffffff0),
      /unpacks to more than/,
    ],
  ]

  it.each(cases)(
    'refuses %s, says what is wrong and writes nothing outside the robot folder',
    async (_, make, message) => {
      const id = await createPackage('Bad')
      const before = await robotsDirEntries()
      const response = await sendBytes(await uploadLink(id), 'PUT', make(), 'application/octet-stream')
      expect(response.status, JSON.stringify(response.body)).toBe(400)
      expect(isErrorBody(response.body)).toBe(true)
      expect((response.body as { error: { message: string } }).error.message).toMatch(
        /^Invalid robot package: /,
      )
      expect((response.body as { error: { message: string } }).error.message).toMatch(message)
      // Nothing landed: not the package's folder, no temporary folder, nothing beside the data dir.
      expect(await robotsDirEntries()).toEqual(before)
      expect(existsSync(join(fixture.dataDir, 'robots', id))).toBe(false)
      expect(existsSync(join(fixture.dataDir, 'evil.txt'))).toBe(false)
      expect(existsSync(join(fixture.dataDir, '..', 'evil.txt'))).toBe(false)
      expect(existsSync('/tmp/robodeck-absolute-evil.txt')).toBe(false)
      const robot = await manage('GET', `/workspaces/${ws()}/robots/${id}`)
      expect(robot.body.has_content).toBe(false)
    },
  )

  it('refuses a body over the size limit before reading it', async () => {
    const id = await createPackage('Huge')
    const url = new URL(await uploadLink(id))
    const { request } = await import('node:http')
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/zip', 'content-length': String(200 * 1024 * 1024) },
      })
      req.on('response', (res) => resolve(res.statusCode ?? 0))
      req.on('error', reject)
      req.write(Buffer.alloc(1024))
    })
    expect(status).toBe(413)
  })
})
