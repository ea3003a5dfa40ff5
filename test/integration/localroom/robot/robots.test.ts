/**
 * Robots through the management API: bundled samples, importing a local folder or a robot zip (good,
 * wrapped as rcc wraps it, and every kind of bad one), get, list, delete.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, symlink, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { GREETER_FILES, writeFiles, zipOf } from '../../../support/localroom-packages'
import { isErrorBody, roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { ws, api, manage, waitForRunEnd } = fixture

describe('robots (management API)', () => {
  let robotId: string

  it('lists the bundled sample robots, each with its tasks', async () => {
    const list = await manage('GET', `/workspaces/${ws()}/robots`)
    expect(list.status).toBe(200)
    const bundled = list.body.data.filter((robot: { source: string }) => robot.source === 'bundled')
    expect(bundled.map((robot: { folder: string }) => robot.folder).sort()).toEqual([
      'echo-payload',
      'flaky-items',
      'long-job',
      'sales-report',
    ])
    const echo = bundled.find((robot: { folder: string }) => robot.folder === 'echo-payload')
    expect(echo).toMatchObject({
      has_content: true,
      tasks: [{ name: 'Echo payload', runnable: true }],
      problem: null,
      used_by: ['Echo payload'],
    })
  })

  it('imports a local folder (copied without .git and symbolic links) and runs it', async () => {
    const source = join(fixture.dir, 'source-robot')
    await writeFiles(source, { ...GREETER_FILES, '.git/HEAD': 'ref: refs/heads/main\n' })
    await symlink('/etc/hostname', join(source, 'link-out'))
    const imported = await manage('POST', `/workspaces/${ws()}/robots`, { path: source, name: 'Greeter' })
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body).toMatchObject({
      name: 'Greeter',
      source: 'folder',
      folder: null,
      has_content: true,
      tasks: [{ name: 'Greet', runnable: true }],
      sha256: null,
      used_by: [],
    })
    robotId = imported.body.id
    const copy = join(fixture.dataDir, 'robots', robotId)
    expect((await readdir(copy)).sort()).toEqual(['conda.yaml', 'greet.mjs', 'lib', 'robot.yaml'])
    expect(imported.body.size).toBe(Object.values(GREETER_FILES).reduce((n, text) => n + text.length, 0))

    // The copy is the robot: changing the source afterwards changes nothing.
    await writeFile(join(source, 'robot.yaml'), 'broken: [')
    const process = await manage('POST', `/workspaces/${ws()}/processes`, {
      name: 'Imported greeter',
      // The greeter reads and writes the file contract.
      steps: [{ robot_id: robotId, work_item_adapter: 'file' }],
    })
    expect(process.status, JSON.stringify(process.body)).toBe(200)
    expect(process.body.steps).toEqual([
      {
        id: expect.any(String),
        name: 'Greet',
        robot_id: robotId,
        robot_name: 'Greeter',
        task: 'Greet',
        wait_for_previous: true,
        parallel_executions: 1,
        env: {},
        work_item_adapter: 'file',
      },
    ])
    const start = await api('POST', `/workspaces/${ws()}/processes/${process.body.id}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ name: 'Grace' }] },
    })
    expect((await waitForRunEnd(start.body.id)).state).toBe('completed')

    const got = await manage('GET', `/workspaces/${ws()}/robots/${robotId}`)
    expect(got.body.used_by).toEqual(['Imported greeter'])
    const refused = await manage('DELETE', `/workspaces/${ws()}/robots/${robotId}`)
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/"Imported greeter"/)
    expect((await manage('DELETE', `/workspaces/${ws()}/processes/${process.body.id}`)).status).toBe(200)
    const deleted = await manage('DELETE', `/workspaces/${ws()}/robots/${robotId}`)
    expect(deleted.body).toEqual({ id: robotId, deleted: true })
    expect(existsSync(copy)).toBe(false)
    expect((await manage('GET', `/workspaces/${ws()}/robots/${robotId}`)).status).toBe(404)
  })

  it('lists a Robot Framework task but refuses it as a process step, saying why', async () => {
    const source = join(fixture.dir, 'rf-robot')
    await writeFiles(source, {
      'robot.yaml': 'tasks:\n  Run RF:\n    robotTaskName: Do it\n  Run shell:\n    shell: node x.mjs\n',
    })
    const imported = await manage('POST', `/workspaces/${ws()}/robots`, { path: source })
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body.name).toBe('rf-robot')
    expect(imported.body.tasks).toEqual([
      { name: 'Run RF', runnable: false, problem: expect.stringMatching(/robotTaskName/) },
      { name: 'Run shell', runnable: true },
    ])
    const step = await manage('POST', `/workspaces/${ws()}/processes`, {
      name: 'RF',
      steps: [{ robot_id: imported.body.id, task: 'Run RF' }],
    })
    expect(step.status).toBe(400)
    expect(step.body.error.message).toMatch(
      /^Invalid request body field "steps.0.task": step 1: robot rf-robot: task "Run RF" uses robotTaskName.*use shell or command/,
    )
  })

  it.each([
    ['a relative path', () => 'relative/robot', /must be an absolute path/],
    ['a missing folder', () => join(fixture.dir, 'nope'), /not a folder or a zip file/],
    [
      'a folder without robot.yaml',
      () => join(fixture.dir, 'empty-folder'),
      /Invalid robot package: .*no robot.yaml/,
    ],
    ['a robot.yaml without tasks', () => join(fixture.dir, 'no-tasks'), /declares no tasks/],
  ])('refuses to import %s', async (_, path, message) => {
    await mkdir(join(fixture.dir, 'empty-folder'), { recursive: true })
    await writeFiles(join(fixture.dir, 'no-tasks'), { 'robot.yaml': 'artifactsDir: out\n' })
    const before = await readdir(join(fixture.dataDir, 'robots'))
    const response = await manage('POST', `/workspaces/${ws()}/robots`, { path: path() })
    expect(response.status).toBe(400)
    expect(isErrorBody(response.body)).toBe(true)
    expect(response.body.error.message).toMatch(message)
    expect(await readdir(join(fixture.dataDir, 'robots'))).toEqual(before)
  })

  it('needs a signed request', async () => {
    const response = await fetch(`${fixture.room.origin}/management-v1/workspaces/${ws()}/robots`)
    expect(response.status).toBe(401)
  })
})

const YAML = 'tasks:\n  Run:\n    shell: node run.mjs\n'

describe('importing a robot zip (management API)', () => {
  /** Writes a zip into the test's folder and answers its absolute path. */
  async function zipFile(name: string, data: Uint8Array | string): Promise<string> {
    const path = join(fixture.dir, 'zips', name)
    await mkdir(join(fixture.dir, 'zips'), { recursive: true })
    await writeFile(path, data)
    return path
  }
  const robotsDirEntries = () => readdir(join(fixture.dataDir, 'robots')).catch(() => [] as string[])

  it('unpacks a zip (wrapped in one folder as rcc packs it) into the room, runs it and deletes it', async () => {
    const path = await zipFile('greeter.zip', zipOf(GREETER_FILES, 'greeter/'))
    const imported = await manage('POST', `/workspaces/${ws()}/robots`, { path })
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body).toMatchObject({
      name: 'greeter',
      source: 'package',
      has_content: true,
      tasks: [{ name: 'Greet', runnable: true }],
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      size: Object.values(GREETER_FILES).reduce((n, text) => n + text.length, 0),
      used_by: [],
    })
    const id = imported.body.id
    const copy = join(fixture.dataDir, 'robots', id)
    expect((await readdir(copy)).sort()).toEqual(['conda.yaml', 'greet.mjs', 'lib', 'robot.yaml'])
    expect((await robotsDirEntries()).filter((name) => name.startsWith('.'))).toEqual([])

    const process = await manage('POST', `/workspaces/${ws()}/processes`, {
      name: 'Zipped greeter',
      steps: [{ robot_id: id, work_item_adapter: 'file' }],
    })
    expect(process.status, JSON.stringify(process.body)).toBe(200)
    const start = await api('POST', `/workspaces/${ws()}/processes/${process.body.id}/process-runs`, {
      body: { type: 'with_payloads', payloads: [{ name: 'Zip' }] },
    })
    expect((await waitForRunEnd(start.body.id)).state).toBe('completed')
    expect((await manage('DELETE', `/workspaces/${ws()}/processes/${process.body.id}`)).status).toBe(200)
    expect((await manage('DELETE', `/workspaces/${ws()}/robots/${id}`)).status).toBe(200)
    expect(existsSync(copy)).toBe(false)
  })

  it('takes the name given, and a zip whatever its file name ends with', async () => {
    const path = await zipFile('robot-package.bin', zipOf({ 'robot.yaml': YAML, 'run.mjs': '' }))
    const imported = await manage('POST', `/workspaces/${ws()}/robots`, { path, name: 'Named' })
    expect(imported.status, JSON.stringify(imported.body)).toBe(200)
    expect(imported.body).toMatchObject({ name: 'Named', source: 'package' })
    expect((await manage('DELETE', `/workspaces/${ws()}/robots/${imported.body.id}`)).status).toBe(200)
  })

  const symlinkZip = () =>
    zipSync({
      'robot.yaml': strToU8(YAML),
      'evil-link': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    })
  it.each([
    ['no robot.yaml', () => zipOf({ 'run.mjs': '' }), /no robot.yaml/],
    [
      'a zip-slip entry',
      () => zipOf({ 'robot.yaml': YAML, '../../evil.txt': 'pwned' }),
      /"..\/..\/evil.txt" escapes/,
    ],
    [
      'an absolute entry',
      () => zipOf({ 'robot.yaml': YAML, '/tmp/robodeck-import-evil.txt': 'pwned' }),
      /absolute path/,
    ],
    ['a symbolic link entry', symlinkZip, /symbolic link/],
    ['a file that is not a zip', () => 'just text, not a zip', /not a zip file/],
    ['an empty file', () => '', /not a zip file/],
  ])('refuses a zip with %s, says why and leaves nothing behind', async (_, make, message) => {
    const path = await zipFile('bad.zip', make())
    const before = await robotsDirEntries()
    const listed = (await manage('GET', `/workspaces/${ws()}/robots`)).body.data.length
    const response = await manage('POST', `/workspaces/${ws()}/robots`, { path })
    expect(response.status, JSON.stringify(response.body)).toBe(400)
    expect(isErrorBody(response.body)).toBe(true)
    expect(response.body.error.message).toMatch(/^Invalid robot package: /)
    expect(response.body.error.message).toMatch(message)
    expect(await robotsDirEntries()).toEqual(before)
    expect((await manage('GET', `/workspaces/${ws()}/robots`)).body.data).toHaveLength(listed)
    expect(existsSync(join(fixture.dataDir, 'evil.txt'))).toBe(false)
    expect(existsSync(join(fixture.dir, 'evil.txt'))).toBe(false)
    expect(existsSync('/tmp/robodeck-import-evil.txt')).toBe(false)
  })

  it('refuses a zip over the package limit without reading it', async () => {
    const path = await zipFile('huge.zip', '')
    // Sparse: 101 MB on paper, nothing on disk.
    await truncate(path, 101 * 1024 * 1024)
    const response = await manage('POST', `/workspaces/${ws()}/robots`, { path })
    expect(response.status).toBe(400)
    expect(response.body.error.message).toBe(
      'Invalid robot package: The package is larger than 104857600 bytes',
    )
  })

  it('refuses a symbolic link to a zip, as it refuses one to a folder', async () => {
    const target = await zipFile('target.zip', zipOf({ 'robot.yaml': YAML }))
    const link = join(fixture.dir, 'zips', 'link.zip')
    await symlink(target, link)
    const response = await manage('POST', `/workspaces/${ws()}/robots`, { path: link })
    expect(response.status).toBe(400)
    expect(response.body.error.message).toMatch(/not a folder or a zip file/)
  })
})
