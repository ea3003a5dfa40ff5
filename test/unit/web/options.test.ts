import { describe, expect, it } from 'vitest'
import { parseWebOptions } from '../../../src/web/options'

describe('web mode options', () => {
  it("takes the local room's own flags, resolved against the working directory", () => {
    const options = parseWebOptions(
      [
        '--data',
        'd',
        '--robots',
        'my-robots',
        '--workers',
        '3',
        '--robot-python',
        'venv/bin/python',
        '--strict-delete-permission',
        '--allow-link-local-webhooks',
      ],
      '/w',
      {},
    )
    expect(options.dataDir).toBe('/w/d')
    expect(options.room).toEqual({
      robotsDir: '/w/my-robots',
      workers: 3,
      robotPython: '/w/venv/bin/python',
      strictDeletePermission: true,
      allowLinkLocalWebhooks: true,
    })
  })

  it("leaves the room's defaults when no room flag is given", () => {
    expect(parseWebOptions([], '/w', {}).room).toEqual({
      robotsDir: undefined,
      workers: undefined,
      robotPython: undefined,
      strictDeletePermission: false,
      allowLinkLocalWebhooks: false,
    })
    expect(parseWebOptions([], '/w', { ROBODECK_ROBOT_PYTHON: '/opt/py' }).room.robotPython).toBe('/opt/py')
  })

  it('refuses a bad room flag with a message naming it', () => {
    expect(() => parseWebOptions(['--workers', '0'], '/w', {})).toThrow(/--workers must be at least 1/)
    expect(() => parseWebOptions(['--workers', 'many'], '/w', {})).toThrow(/--workers/)
    expect(() => parseWebOptions(['--robots', ''], '/w', {})).toThrow(/--robots/)
    expect(() => parseWebOptions(['--print-bootstrap'], '/w', {})).toThrow(/print-bootstrap/)
  })
})
