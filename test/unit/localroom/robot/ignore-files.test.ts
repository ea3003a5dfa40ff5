import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadIgnoreMatcher } from '../../../../src/localroom/robot/ignore-files'
import { tempDir } from '../../../support/temp-dir'

describe('robot.yaml ignoreFiles', () => {
  it('leaves out what the patterns name, with gitignore meaning', async () => {
    const dir = await tempDir()
    await writeFile(
      join(dir, '.gitignore'),
      '# build output\n*.log\n!keep.log\nbuild/\n/root-only.txt\ndocs/**/*.tmp\n',
    )
    await writeFile(join(dir, '.extra'), 'secrets.json\n')
    const ignored = await loadIgnoreMatcher([
      join(dir, '.gitignore'),
      join(dir, '.extra'),
      join(dir, 'missing'),
    ])

    expect(ignored('run.log', false)).toBe(true)
    expect(ignored('deep/inside/run.log', false)).toBe(true)
    expect(ignored('keep.log', false)).toBe(false)
    expect(ignored('build', true)).toBe(true)
    expect(ignored('build', false)).toBe(false) // a file named build is not the folder
    expect(ignored('root-only.txt', false)).toBe(true)
    expect(ignored('sub/root-only.txt', false)).toBe(false)
    expect(ignored('docs/a/b/c.tmp', false)).toBe(true)
    expect(ignored('secrets.json', false)).toBe(true)
    expect(ignored('tasks.py', false)).toBe(false)
  })

  it('ignores nothing when no ignore file exists', async () => {
    const dir = await tempDir()
    const ignored = await loadIgnoreMatcher([join(dir, 'none')])
    expect(ignored('anything.log', false)).toBe(false)
  })
})
