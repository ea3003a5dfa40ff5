import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRobotTask } from '../../../../src/localroom/robot/robot-yaml'
import { splitShellWords } from '../../../../src/localroom/robot/shell-words'

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
