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
    expect(parseCliOptions([]).allowLinkLocalWebhooks).toBe(false)
    expect(parseCliOptions(['--allow-link-local-webhooks']).allowLinkLocalWebhooks).toBe(true)
    expect(() => parseCliOptions(['--port', '70000'])).toThrow(/--port/)
    expect(() => parseCliOptions(['--port', '-1'])).toThrow(/--port/)
    expect(() => parseCliOptions(['--bogus'])).toThrow(/bogus/)
  })

  it('names a Python for robots with --robot-python or ROBODECK_ROBOT_PYTHON (the flag wins)', () => {
    expect(parseCliOptions([], '/w', {}).robotPython).toBeUndefined()
    expect(parseCliOptions(['--robot-python', 'venv/bin/python'], '/w', {}).robotPython).toBe(
      '/w/venv/bin/python',
    )
    const env = { ROBODECK_ROBOT_PYTHON: '/opt/py/bin/python3' }
    expect(parseCliOptions([], '/w', env).robotPython).toBe('/opt/py/bin/python3')
    expect(parseCliOptions(['--robot-python', '/a/python'], '/w', env).robotPython).toBe('/a/python')
    expect(() => parseCliOptions(['--robot-python', ''], '/w', {})).toThrow(/--robot-python/)
  })
})
