/**
 * tempDir() removes what it makes: a folder made in a test once that test has finished, and one made
 * in a beforeAll after the file's tests (the run's leak check, global-setup.ts, fails the run on
 * any folder left, so a regression there fails every run that has this file).
 */
import { existsSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-dir'

describe('tempDir', () => {
  let inHook = ''
  let inTest = ''
  beforeAll(async () => {
    inHook = await tempDir('robodeck-temp-dir-hook-')
  })

  it('makes a folder in a test, and one in a beforeAll that lasts for the file', async () => {
    inTest = await tempDir('robodeck-temp-dir-test-')
    expect(existsSync(inTest)).toBe(true)
    expect(existsSync(inHook)).toBe(true)
  })

  it('has removed the first test’s folder once that test finished, and kept the hook’s', () => {
    expect(inTest).not.toBe('')
    expect(existsSync(inTest)).toBe(false)
    expect(existsSync(inHook)).toBe(true)
  })
})
