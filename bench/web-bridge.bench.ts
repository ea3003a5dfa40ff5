/**
 * The cost of web mode's bridge: a command round trip (token check, schema validation, dispatch,
 * JSON) against a bare node:http server answering the same bytes, in the same process.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createDispatcher } from '../src/main/core/dispatch'
import { createEventBus } from '../src/main/core/events'
import { startWebServer } from '../src/web/server'
import { stubAppInfo, stubCommandHandlers } from '../test/support/fixtures'
import { tempDir } from '../test/support/temp-dir'
import { startBareServer } from './support/bare-server'
import { load, report } from './support/load'

const info = stubAppInfo
const handlers = stubCommandHandlers()

it('web bridge command round trip vs bare node:http', async () => {
  const dir = await tempDir()
  await writeFile(join(dir, 'index.html'), '<!doctype html>')
  const web = await startWebServer({
    rendererDir: dir,
    dispatch: createDispatcher(handlers, () => {}),
    events: createEventBus(),
  })
  const token = new URL(web.url).hash.replace('#token=', '')
  const bare = await startBareServer(JSON.stringify({ ok: true, value: info }))
  const request = {
    method: 'POST' as const,
    path: '/bridge/commands/app.info',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
    durationMs: 2500,
  }
  try {
    await load(bare.origin, { ...request, durationMs: 500 }) // warm-up
    const baseline = await load(bare.origin, request)
    const bridge = await load(web.origin, request)
    console.log(report('bare node:http (baseline)', baseline))
    console.log(report('web bridge app.info', bridge, baseline))
    expect(bridge.errors).toBe(0)
    expect(bridge.requests).toBeGreaterThan(0)
  } finally {
    await web.close()
    await bare.close()
  }
})
