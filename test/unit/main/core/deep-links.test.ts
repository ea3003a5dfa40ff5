import { describe, expect, it, vi } from 'vitest'
import {
  createDeepLinkFollower,
  type DeepLinkDeps,
  type LaunchQuestion,
  launchQuestion,
  parseDeepLink,
  runLink,
} from '../../../../src/main/core/deep-links'

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

describe('following a link', () => {
  const connections = {
    get: (id: string) => {
      if (id !== 'prod') throw new Error('unknown')
      return { name: 'Finance', production: true }
    },
  }
  function deps(
    answer: boolean,
    processes = [{ connectionId: 'prod', id: 'p1', name: 'Invoices', createdAt: '' }],
  ) {
    const seen = {
      opened: [] as unknown[],
      asked: [] as LaunchQuestion[],
      told: [] as string[],
      logged: [] as string[],
    }
    const launches: unknown[] = []
    const value: DeepLinkDeps = {
      connections,
      listProcesses: async () => ({ processes, failures: [] }),
      dispatch: async (name, request) => {
        launches.push({ name, request })
        return { ok: true, value: { runId: 'r-new' } }
      },
      openRun: (run) => seen.opened.push(run),
      confirm: async (question) => {
        seen.asked.push(question)
        return answer
      },
      tell: (title) => seen.told.push(title),
      log: (line) => seen.logged.push(line),
    }
    return { value, seen, launches }
  }

  it('opens a run link at once', async () => {
    const { value, seen, launches } = deps(false)
    await createDeepLinkFollower(value)('robodeck://run/prod/r9')
    expect(seen.opened).toEqual([{ connectionId: 'prod', runId: 'r9' }])
    expect(launches).toEqual([])
  })

  it('asks before a launch, naming process and production workspace, and launches only when accepted', async () => {
    const refused = deps(false)
    await createDeepLinkFollower(refused.value)('robodeck://launch/prod/p1')
    expect(refused.seen.asked).toEqual([launchQuestion('Invoices', 'Finance', true)])
    expect(refused.seen.asked[0]?.message).toBe('Launch “Invoices” in the PRODUCTION workspace “Finance”?')
    expect(refused.launches).toEqual([])

    const accepted = deps(true)
    await createDeepLinkFollower(accepted.value)('robodeck://launch/prod/p1')
    expect(accepted.launches).toEqual([
      { name: 'processes.launch', request: { connectionId: 'prod', processId: 'p1' } },
    ])
    expect(accepted.seen.opened).toEqual([{ connectionId: 'prod', runId: 'r-new' }])
  })

  it('ignores, with a log line that does not repeat it, a malformed link, an unknown connection or process', async () => {
    const { value, seen, launches } = deps(true, [])
    for (const link of [
      'robodeck://launch/prod/p1/../../secret-token-123',
      'robodeck://run/elsewhere/r1',
      'robodeck://launch/prod/p1',
    ])
      await createDeepLinkFollower(value)(link)
    expect(seen.logged).toEqual([
      'ignored a robodeck:// link that is not a run or launch link',
      'ignored a robodeck:// run link to a connection Robodeck does not have',
      'ignored a robodeck:// launch link to a process Finance does not have',
    ])
    expect(seen.asked).toEqual([])
    expect(launches).toEqual([])
  })

  it('asks nothing but says so when the workspace cannot list its processes', async () => {
    const { value, seen } = deps(true)
    value.listProcesses = async () => ({
      processes: [],
      failures: [{ connectionId: 'prod', code: 'unreachable', message: 'Cannot reach Control Room.' }],
    })
    await createDeepLinkFollower(value)('robodeck://launch/prod/p1')
    expect(seen.told).toEqual(['Could not check the linked process'])
    expect(seen.asked).toEqual([])
  })

  it('asks one launch at a time: a launch link that comes while a dialog is open is ignored', async () => {
    const { value, seen, launches } = deps(true)
    let answer: (accepted: boolean) => void = () => {}
    value.confirm = (question) => {
      seen.asked.push(question)
      return new Promise((done) => {
        answer = done
      })
    }
    const follow = createDeepLinkFollower(value)
    const first = follow('robodeck://launch/prod/p1')
    await vi.waitFor(() => expect(seen.asked).toHaveLength(1))
    await follow('robodeck://launch/prod/p1')
    expect(seen.asked).toHaveLength(1)
    expect(seen.logged).toEqual([
      'ignored a robodeck:// launch link that came while another launch was being asked about',
    ])
    answer(true)
    await first
    expect(launches).toHaveLength(1)
    // Once answered, the next link asks again.
    void follow('robodeck://launch/prod/p1')
    await vi.waitFor(() => expect(seen.asked).toHaveLength(2))
    answer(false)
  })
})
