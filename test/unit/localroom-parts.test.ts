import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCliOptions } from '../../src/localroom/cli-options'
import { readWorkspaceKey } from '../../src/localroom/http/auth'
import { ApiError } from '../../src/localroom/http/errors'
import { decodeCursor, encodeCursor, MAX_PAGE_LIMIT, pageLimit } from '../../src/localroom/http/pagination'
import { buildRobotEnv } from '../../src/localroom/robot/robot-env'
import { loadRobotTask } from '../../src/localroom/robot/robot-yaml'
import { splitShellWords } from '../../src/localroom/robot/shell-words'
import { resolveCommand } from '../../src/localroom/robot/step-process'
import { parseStartBody } from '../../src/localroom/routes/api-v1/processes'

const apiError = (fn: () => unknown): ApiError => {
  try {
    fn()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected an ApiError')
}

describe('Authorization header', () => {
  it('accepts only the RC-WSKEY scheme', () => {
    expect(readWorkspaceKey('RC-WSKEY abc_-1')).toBe('abc_-1')
    expect(readWorkspaceKey('rc-wskey  abc ')).toBe('abc')
    expect(readWorkspaceKey(undefined)).toBeNull()
    expect(readWorkspaceKey('Bearer abc')).toBeNull()
    expect(readWorkspaceKey('RC-WSKEY')).toBeNull()
    expect(readWorkspaceKey('RC-WSKEY a b')).toBeNull()
  })
})

describe('cursors and limits', () => {
  it('round-trips any sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (seq) => decodeCursor(encodeCursor(seq)) === seq,
      ),
    )
  })

  it('refuses foreign cursors and bad limits with a 400 naming the parameter', () => {
    expect(apiError(() => decodeCursor('not-a-cursor')).message).toMatch(/"cursor"/)
    expect(apiError(() => pageLimit('0')).statusCode).toBe(400)
    expect(apiError(() => pageLimit('ten')).message).toMatch(/"limit"/)
    expect(pageLimit(undefined)).toBe(20)
    expect(pageLimit('5000')).toBe(MAX_PAGE_LIMIT)
  })
})

describe('start-process-run body', () => {
  it('reads the default and with_payloads forms', () => {
    expect(parseStartBody(undefined)).toEqual({ payloads: null, callback: undefined })
    expect(parseStartBody({})).toEqual({ payloads: null, callback: undefined })
    expect(parseStartBody({ type: 'with_payloads', payloads: [{ a: 1 }, null] }).payloads).toEqual([
      { a: 1 },
      null,
    ])
  })

  it('names the bad field', () => {
    expect(apiError(() => parseStartBody({ type: 'with_payloads', payloads: 'x' })).message).toMatch(
      /"payloads"/,
    )
    expect(apiError(() => parseStartBody({ type: 'with_payloads', payloads: [] })).message).toMatch(
      /"payloads"/,
    )
    expect(apiError(() => parseStartBody({ type: 'nope' })).message).toMatch(/"type"/)
    expect(apiError(() => parseStartBody({ callback: { url: 'http://x' } })).message).toMatch(
      /"callback\.secret"/,
    )
    expect(apiError(() => parseStartBody([1])).statusCode).toBe(400)
    expect(apiError(() => parseStartBody({ type: 'with_inputs', callback: 'x' })).message).toMatch(
      /"callback"/,
    )
    expect(apiError(() => parseStartBody({ type: 'with_work_item_ids' })).message).toMatch(/"work_item_ids"/)
  })
})

describe('robot.yaml', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'robodeck-robot-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  const robot = async (name: string, yaml: string) => {
    const root = join(dir, name)
    await mkdir(root, { recursive: true })
    await writeFile(join(root, 'robot.yaml'), yaml)
    return root
  }

  it('splits shell commands like rcc', () => {
    expect(splitShellWords(`node echo.mjs --name "two words" 'it''s' a\\ b`)).toEqual([
      'node',
      'echo.mjs',
      '--name',
      'two words',
      'its',
      'a b',
    ])
    expect(() => splitShellWords('node "open')).toThrow(/unterminated/)
  })

  it('reads tasks, artifactsDir and PATH', async () => {
    const root = await robot(
      'ok',
      'tasks:\n  Main:\n    shell: node main.mjs\n  Other:\n    command: [python, x.py]\nPATH: [bin]\n',
    )
    const main = await loadRobotTask(root, 'Main')
    expect(main.argv).toEqual(['node', 'main.mjs'])
    expect(main.artifactsDir).toBe(join(root, 'output'))
    expect(main.pathEntries).toEqual([join(root, 'bin')])
    expect((await loadRobotTask(root, 'Other')).argv).toEqual(['python', 'x.py'])
  })

  it('explains what is wrong', async () => {
    const two = await robot('two', 'tasks:\n  A:\n    shell: a\n  B:\n    shell: b\n')
    await expect(loadRobotTask(two, null)).rejects.toThrow(/a single task \(tasks: A, B\)/)
    await expect(loadRobotTask(two, 'C')).rejects.toThrow(/the task "C"/)
    await expect(loadRobotTask(join(dir, 'missing'), null)).rejects.toThrow(/robot.yaml not found/)
    const escaping = await robot('escape', 'tasks:\n  A:\n    shell: a\nartifactsDir: ../../etc\n')
    await expect(loadRobotTask(escaping, 'A')).rejects.toThrow(/inside the robot folder/)
    const rf = await robot('rf', 'tasks:\n  A:\n    robotTaskName: A\n')
    await expect(loadRobotTask(rf, 'A')).rejects.toThrow(/robotTaskName/)
  })
})

describe('robot environment', () => {
  it('passes the allowlist and the run variables, never other secrets', () => {
    const env = buildRobotEnv(
      { PATH: '/usr/bin', HOME: '/home/u', GITHUB_TOKEN: 'secret', RC_API_TOKEN_V1: 'parent-token' },
      { RC_PROCESS_RUN_ID: 'run-1' },
      ['/robot/bin'],
    )
    expect(env).toEqual({
      PATH: `/robot/bin${delimiter}/usr/bin`,
      HOME: '/home/u',
      RC_PROCESS_RUN_ID: 'run-1',
    })
  })

  it('runs `node` with the Node that runs the room', () => {
    expect(resolveCommand(['node', 'a.mjs'])).toEqual({
      file: process.execPath,
      args: ['a.mjs'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    })
    expect(resolveCommand(['python', 'x.py'])).toEqual({ file: 'python', args: ['x.py'], env: {} })
  })
})

describe('command line', () => {
  it('applies defaults and refuses bad flags', () => {
    const options = parseCliOptions([], '/work')
    expect(options).toMatchObject({
      port: 4123,
      dataDir: join('/work', '.data/localroom'),
      host: '127.0.0.1',
      printBootstrap: false,
    })
    expect(parseCliOptions(['--port', '0', '--data', 'd', '--print-bootstrap'], '/w')).toMatchObject({
      port: 0,
      dataDir: '/w/d',
      printBootstrap: true,
    })
    expect(parseCliOptions([]).strictDeletePermission).toBe(false)
    expect(parseCliOptions(['--strict-delete-permission']).strictDeletePermission).toBe(true)
    expect(() => parseCliOptions(['--port', '70000'])).toThrow(/--port/)
    expect(() => parseCliOptions(['--port', '-1'])).toThrow(/--port/)
    expect(() => parseCliOptions(['--bogus'])).toThrow(/bogus/)
  })
})
