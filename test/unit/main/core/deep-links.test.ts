import { describe, expect, it } from 'vitest'
import { parseDeepLink, runLink } from '../../../../src/main/core/deep-links'

describe('deep links', () => {
  it('opens a run and asks before a launch', () => {
    expect(parseDeepLink('robodeck://run/local/3f2a-run')).toEqual({
      kind: 'run',
      connectionId: 'local',
      runId: '3f2a-run',
    })
    expect(parseDeepLink('robodeck://launch/cr-1a2b/proc_7')).toEqual({
      kind: 'launch',
      connectionId: 'cr-1a2b',
      processId: 'proc_7',
      needsConfirmation: true,
    })
    expect(parseDeepLink(runLink('local', 'r1'))).toMatchObject({ kind: 'run', runId: 'r1' })
  })

  it.each([
    'https://run/local/r1',
    'robodeck://run/local',
    'robodeck://run/local/r1/extra',
    'robodeck://delete/local/r1',
    'robodeck://run/local/r1?payload=x',
    'robodeck://run/local/r1#x',
    'robodeck://user:pw@run/local/r1',
    'robodeck://run/local/..%2F..%2Fetc',
    'robodeck://run/local/%E0%A4%A',
    'robodeck://run/local/a%20b',
    'robodeck://run//r1',
    `robodeck://run/local/${'a'.repeat(3000)}`,
    'not a link',
  ])('refuses %s', (link) => {
    expect(parseDeepLink(link)).toBeNull()
  })
})
