import { delimiter } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildRobotEnv } from '../../../../src/localroom/robot/robot-env'
import { resolveCommand } from '../../../../src/localroom/robot/step-process'

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
