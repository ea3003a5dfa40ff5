import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkStepTask, validateRobotFolder } from '../../../../src/localroom/robot/robot-validate'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'robodeck-robot-package-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function robot(yaml: string | null): Promise<string> {
  const root = join(dir, 'robot')
  await mkdir(root, { recursive: true })
  if (yaml !== null) await writeFile(join(root, 'robot.yaml'), yaml)
  return root
}

describe('checking a robot folder', () => {
  it('lists runnable tasks and marks robotTaskName tasks as not runnable', async () => {
    const root = await robot(
      [
        'tasks:',
        '  Shell task:',
        '    shell: node run.mjs --flag "two words"',
        '  Command task:',
        '    command: [python, -m, robot]',
        '  RF task:',
        '    robotTaskName: Do the thing',
        'condaConfigFile: conda.yaml',
        'environmentConfigs: [environment_linux.yaml]',
        'artifactsDir: output',
        'PATH: [bin]',
        'PYTHONPATH: [libraries]',
        'ignoreFiles: [.gitignore]',
        '',
      ].join('\n'),
    )
    const tasks = await validateRobotFolder(root)
    expect(tasks.map((t) => [t.name, t.runnable])).toEqual([
      ['Shell task', true],
      ['Command task', true],
      ['RF task', false],
    ])
    expect(tasks[2]?.problem).toMatch(/robotTaskName.*does not run; use shell or command/)
  })

  it.each([
    [null, /no robot.yaml/],
    ['tasks: [unclosed', /not valid YAML/],
    [`tasks: ${'['.repeat(5000)}${']'.repeat(5000)}`, /^robot.yaml is nested too deeply to read$/],
    ['just a string', /must be a mapping/],
    ['artifactsDir: output\n', /declares no tasks/],
    ['tasks: {}\n', /declares no tasks/],
    ['tasks:\n  Bad: 3\n', /task "Bad" must be a mapping/],
    ['tasks:\n  Empty:\n    description: nothing\n', /task "Empty" has neither shell nor command/],
    ['tasks:\n  Run:\n    shell: node "unclosed\n', /tasks.Run.shell/],
    ['tasks:\n  Run:\n    shell: node a.mjs\nartifactsDir: ../elsewhere\n', /artifactsDir must stay inside/],
  ])('refuses robot.yaml %j with a message saying what is wrong', async (yaml, message) => {
    await expect(validateRobotFolder(await robot(yaml))).rejects.toThrow(message)
  })
})

describe('choosing a step task', () => {
  const tasks = [
    { name: 'A', runnable: true },
    { name: 'RF', runnable: false, problem: 'uses robotTaskName' },
  ]
  it('accepts a runnable task, and the only task when none is named', () => {
    expect(checkStepTask(tasks, 'A')).toEqual({ task: 'A' })
    expect(checkStepTask([{ name: 'Only', runnable: true }], undefined)).toEqual({ task: 'Only' })
  })
  it('names the problem otherwise', () => {
    expect(checkStepTask(tasks, 'Nope')).toEqual({ problem: 'the robot has no task "Nope" (tasks: A, RF)' })
    expect(checkStepTask(tasks, 'RF')).toEqual({ problem: 'task "RF" uses robotTaskName' })
    expect(checkStepTask(tasks, undefined)).toEqual({ problem: 'name a task (the robot has: A, RF)' })
  })
})
