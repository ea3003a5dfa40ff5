import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCliOptions } from '../../../../src/localroom/cli/cli-options'

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
