/**
 * The sample robots (resources/robots) run through the API of an in-process room, as seeded on first
 * start: "Sales report", "Echo payload", "Flaky items" and "Long job". Each test checks the run's
 * states, console lines, artifacts and output work items.
 */
import { describe, expect, it } from 'vitest'
import { waitFor } from '../../../support/localroom'
import { roomFixture } from '../../../support/room-fixture'

const fixture = roomFixture({ mode: 'in-process' })
const { wsApi, waitForRunEnd } = fixture

interface Run {
  id: string
  state: string
  started_at: string | null
  ended_at: string | null
}

async function processId(name: string): Promise<string> {
  const list = await wsApi('GET', '/processes?limit=100')
  const found = (list.body.data as { id: string; name: string }[]).find((p) => p.name === name)
  if (!found) throw new Error(`the room has no process named ${name}`)
  return found.id
}

/** Starts a run of the named sample process with one work item per payload. */
async function start(name: string, payloads: unknown[]): Promise<Run> {
  const response = await wsApi('POST', `/processes/${await processId(name)}/process-runs`, {
    body: {
      type: 'with_payloads',
      payloads,
    },
  })
  expect(response.status).toBe(200)
  return (await wsApi('GET', `/process-runs/${response.body.id}`)).body
}

async function stepRunOf(runId: string): Promise<{ id: string; state: string }> {
  const steps = await wsApi('GET', `/process-runs/${runId}/step-runs`)
  expect(steps.body.data).toHaveLength(1)
  return steps.body.data[0]
}

async function consoleOf(stepRunId: string): Promise<string[]> {
  const page = await wsApi('GET', `/step-runs/${stepRunId}/console-messages?limit=500`)
  return (page.body.data as { message: string }[]).map((m) => m.message)
}

/** Downloads each artifact of a step run through its time-limited URL. */
async function artifactsOf(stepRunId: string): Promise<Map<string, Buffer>> {
  const list = await wsApi('GET', `/step-runs/${stepRunId}/artifacts`)
  const files = new Map<string, Buffer>()
  for (const artifact of list.body.data as { id: string; name: string; size: number }[]) {
    const withUrl = await wsApi('GET', `/step-runs/${stepRunId}/artifacts/${artifact.id}`)
    const download = await fetch(withUrl.body.url)
    expect(download.status).toBe(200)
    const bytes = Buffer.from(await download.arrayBuffer())
    expect(bytes.length).toBe(artifact.size)
    files.set(artifact.name, bytes)
  }
  return files
}

const outputsOf = async (runId: string) =>
  ((await wsApi('GET', `/process-runs/${runId}/outputs`)).body.data as { payload: unknown }[]).map(
    (output) => output.payload,
  )

describe('Sales report', () => {
  it('turns sales figures into a CSV, a PNG bar chart and a totals output', async () => {
    const payload = {
      region: 'North',
      sales: [
        { month: 'Jan', amount: 1200 },
        { month: 'Feb', amount: 800 },
        { month: 'Mar', amount: 2000 },
      ],
    }
    const started = await start('Sales report', [payload])
    expect(['new', 'in_progress']).toContain(started.state)
    const run = await waitForRunEnd(started.id)
    expect(run.state).toBe('completed')
    expect(run.started_at).not.toBeNull()
    expect(run.ended_at).not.toBeNull()
    const step = await stepRunOf(run.id)
    expect(await consoleOf(step.id)).toEqual(
      expect.arrayContaining([
        'North: 3 months, total 4000, best Mar (2000)',
        'Wrote sales-report.csv and sales-chart.png',
      ]),
    )
    const files = await artifactsOf(step.id)
    expect(files.get('sales-report.csv')?.toString()).toBe(
      'region,month,amount,share_percent\r\nNorth,Jan,1200,30.0\r\nNorth,Feb,800,20.0\r\nNorth,Mar,2000,50.0\r\nNorth,Total,4000,100.0\r\n',
    )
    const png = files.get('sales-chart.png') as Buffer
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([640, 360])
    expect(await outputsOf(run.id)).toEqual([
      {
        region: 'North',
        total: 4000,
        months: 3,
        average: 1333.33,
        best_month: 'Mar',
        best_amount: 2000,
        report: 'sales-report.csv',
        chart: 'sales-chart.png',
      },
    ])
  })

  it('reports its example year for an empty payload', async () => {
    const run = await waitForRunEnd((await start('Sales report', [{}])).id)
    expect(run.state).toBe('completed')
    expect(await outputsOf(run.id)).toEqual([
      expect.objectContaining({ region: 'Example', months: 12, total: 19960, best_month: 'Dec' }),
    ])
  })

  it('stops with a clear message and exit code 1 on an invalid payload', async () => {
    const run = await waitForRunEnd(
      (await start('Sales report', [{ sales: [{ month: 'Jan', amount: 'lots' }] }])).id,
    )
    expect(run.state).toBe('unresolved')
    const lines = await consoleOf((await stepRunOf(run.id)).id)
    expect(lines).toContain(
      'Sales report: work item 1: sales[0].amount must be a number of at least 0 (got "lots")',
    )
    expect(lines).toContain('The robot exited with code 1')
    expect(await outputsOf(run.id)).toEqual([])
  })
})

describe('Echo payload', () => {
  it('passes each payload on unchanged', async () => {
    const run = await waitForRunEnd((await start('Echo payload', [{ order: 1 }, { order: 2 }])).id)
    expect(run.state).toBe('completed')
    const step = await stepRunOf(run.id)
    expect(await consoleOf(step.id)).toEqual(
      expect.arrayContaining([
        'Echo payload: 2 input work items',
        'Item 1: {"order":1}',
        'Item 2: {"order":2}',
      ]),
    )
    expect([...(await artifactsOf(step.id)).keys()]).toEqual(['echo.json'])
    expect(await outputsOf(run.id)).toEqual(expect.arrayContaining([{ order: 1 }, { order: 2 }]))
  })
})

describe('Flaky items', () => {
  it('fails every third item with a business exception and passes the rest on', async () => {
    const run = await waitForRunEnd((await start('Flaky items', [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])).id)
    expect(run.state).toBe('unresolved')
    const step = await stepRunOf(run.id)
    expect(await consoleOf(step.id)).toContain(
      'FAILED item 3 failed with a business exception (FLAKY_ITEM): every third item fails',
    )
    expect(await outputsOf(run.id)).toEqual(
      expect.arrayContaining([
        { n: 1, processed: true },
        { n: 2, processed: true },
        { n: 4, processed: true },
      ]),
    )
    const items = (await wsApi('GET', `/process-runs/${run.id}/work-items?limit=100`)).body.data as {
      state: string
      exception?: { type?: string; code?: string } | null
    }[]
    const failed = items.filter((item) => item.state === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]?.exception).toMatchObject({ type: 'business', code: 'FLAKY_ITEM' })
  })

  it('fails exactly the items that ask for it', async () => {
    const run = await waitForRunEnd((await start('Flaky items', [{ fail: false }, { fail: true }])).id)
    expect(run.state).toBe('unresolved')
    const lines = await consoleOf((await stepRunOf(run.id)).id)
    expect(lines).toContain(
      'FAILED item 2 failed with a business exception (FLAKY_ITEM): its payload says "fail": true',
    )
    expect(await outputsOf(run.id)).toEqual([{ fail: false, processed: true }])
  })

  it('completes when no item fails', async () => {
    const run = await waitForRunEnd((await start('Flaky items', [{ a: 1 }])).id)
    expect(run.state).toBe('completed')
    expect(await outputsOf(run.id)).toEqual([{ a: 1, processed: true }])
  })
})

describe('Long job', () => {
  it('prints progress each second, then its summary', async () => {
    const started = await start('Long job', [{ seconds: 2 }])
    await waitFor(async () =>
      (await wsApi('GET', `/process-runs/${started.id}`)).body.state === 'in_progress' ? true : null,
    )
    const run = await waitForRunEnd(started.id)
    expect(run.state).toBe('completed')
    const step = await stepRunOf(run.id)
    const lines = await consoleOf(step.id)
    expect(lines).toEqual(
      expect.arrayContaining([
        'Long job: 2 seconds',
        'Progress 1/2 (50%)',
        'Progress 2/2 (100%)',
        'Long job: done',
      ]),
    )
    const summary = JSON.parse((await artifactsOf(step.id)).get('summary.json')?.toString() ?? '{}')
    expect(summary).toMatchObject({ seconds: 2, completed_steps: 2, stopped: false })
    expect(await outputsOf(run.id)).toEqual([expect.objectContaining({ seconds: 2, completed_steps: 2 })])
  })

  it('stops cleanly mid-run', async () => {
    const started = await start('Long job', [{ seconds: 30 }])
    const step = await waitFor(async () => {
      const steps = (await wsApi('GET', `/process-runs/${started.id}/step-runs`)).body.data
      if (!steps?.[0]) return null
      return (await consoleOf(steps[0].id)).includes('Progress 1/30 (3%)') ? steps[0] : null
    })
    const stop = await wsApi('POST', `/process-runs/${started.id}/stop`, {
      body: {
        set_remaining_work_items_as_done: false,
        terminate_ongoing_activity_runs: true,
      },
    })
    expect(stop.body).toEqual({ accepted: true })
    const run = await waitForRunEnd(started.id)
    expect(run.state).toBe('unresolved')
    const lines = await consoleOf(step.id)
    expect(lines.some((line) => /^Stopping at \d+\/30$/.test(line))).toBe(true)
    expect(lines).not.toContain('Progress 30/30 (100%)')
    const summary = JSON.parse((await artifactsOf(step.id)).get('summary.json')?.toString() ?? '{}')
    expect(summary).toMatchObject({ seconds: 30, stopped: true })
  })
})
