/**
 * A robot that speaks the robot-side work item API exactly as robocorp-workitems' RobocorpAdapter
 * does (`_adapters/_robocorp.py`): the same environment variables, `Bearer` tokens, URLs and bodies
 * (reserve-next-work-item, release-work-item `{workItemId, state, exception}`, work-items/{parent}/output
 * `{payload}`, json-v1 data and files with a presigned-POST upload and a header-less download).
 * Written in Node so that it needs nothing installed. Each input payload chooses what it does:
 * - {mode:'produce', order}: an output {order} with a file order-<order>.txt, released COMPLETED;
 * - {mode:'business'} / {mode:'application'}: released FAILED with that exception type;
 * - {mode:'crash', order}: an output with a file, released FAILED as the library releases an item
 *   whose loop raised (a bare APPLICATION), then the exception on stderr and exit 1;
 *   {mode:'die'}: exit 1 without releasing;
 * - {mode:'slow', ms, order}: waits ms, then an output {order}, released COMPLETED;
 * - {mode:'env', names}: an output with those environment variables;
 * - {mode:'steal', other: {item, run, stepRun}, after}: tries another run's item and step run and
 *   outputs the HTTP statuses; with `after` (a file path), a detached child retries with this step
 *   run's token once the step run has ended and writes the status there;
 * - {mode:'deep'}: sends JSON nested 200 levels deep to the data and output routes and outputs the statuses;
 * - anything else (a consumer): an output of its payload with `read` (its files' contents).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const API_ROBOT = `
import { spawn } from 'node:child_process'
const env = process.env
const ws = env.RC_WORKSPACE_ID
const processApi = env.RC_API_PROCESS_HOST + '/process-v1/workspaces/' + ws + '/processes/' + env.RC_PROCESS_ID + '/'
const itemApi = env.RC_API_WORKITEM_HOST + '/json-v1/workspaces/' + ws + '/workitems/'
const stepRunPath = 'runs/' + env.RC_PROCESS_RUN_ID + '/robotRuns/' + env.RC_ACTIVITY_RUN_ID + '/'

async function call(url, token, method, body, raw) {
  const headers = token === null ? {} : { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }
  const res = await fetch(url, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}
async function ok(promise) {
  const res = await promise
  if (res.status >= 300) throw new Error('HTTP ' + res.status + ' ' + JSON.stringify(res.body))
  return res.body
}
const proc = (path, body) => ok(call(processApi + path, env.RC_API_PROCESS_TOKEN, 'POST', body))
const item = (path, method = 'GET', body) => ok(call(itemApi + path, env.RC_API_WORKITEM_TOKEN, method, body))
const release = (id, state, exception) =>
  proc(stepRunPath + 'release-work-item', exception ? { workItemId: id, state, exception } : { workItemId: id, state })
const output = async (parent, payload) => (await proc('work-items/' + parent + '/output', { payload })).id

async function addFile(id, name, content) {
  const { url, fields } = await item(id + '/files', 'POST', { fileName: name, fileSize: Buffer.byteLength(content) })
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  form.append('file', new Blob([content]), name)
  const res = await fetch(url, { method: 'POST', body: form })
  if (!res.ok) throw new Error('upload HTTP ' + res.status)
}
async function readFiles(id) {
  const read = {}
  for (const file of await item(id + '/files')) {
    const { url } = await item(id + '/files/' + file.fileId)
    read[file.fileName] = await (await fetch(url)).text()
  }
  return read
}
async function steal(id, p) {
  const token = env.RC_API_PROCESS_TOKEN
  const other = p.other
  const tries = {
    dataOther: (await call(itemApi + other.item + '/data', token, 'GET')).status,
    putOther: (await call(itemApi + other.item + '/data', token, 'PUT', { stolen: true })).status,
    filesOther: (await call(itemApi + other.item + '/files', token, 'GET')).status,
    reserveOther: (await call(processApi + 'runs/' + other.run + '/robotRuns/' + other.stepRun + '/reserve-next-work-item', token, 'POST')).status,
    releaseOther: (await call(processApi + stepRunPath + 'release-work-item', token, 'POST', { workItemId: other.item, state: 'COMPLETED' })).status,
    outputOther: (await call(processApi + 'work-items/' + other.item + '/output', token, 'POST', { payload: {} })).status,
    noToken: (await call(itemApi + id + '/data', null, 'GET')).status,
    ownData: (await call(itemApi + id + '/data', token, 'GET')).status,
  }
  if (p.after) {
    const script = 'setTimeout(async () => { const r = await fetch(process.argv[1], { headers: { Authorization: "Bearer " + process.argv[2] } }); require("fs").writeFileSync(process.argv[3], String(r.status)) }, 1500)'
    spawn(process.execPath, ['-e', script, itemApi + id + '/data', token, p.after], { detached: true, stdio: 'ignore' }).unref()
  }
  await output(id, tries)
  await release(id, 'COMPLETED')
}

let id = env.RC_WORKITEM_ID
while (id) {
  const p = (await item(id + '/data')) ?? {}
  console.log('item ' + JSON.stringify(p))
  if (p.mode === 'produce') {
    await addFile(await output(id, { order: p.order }), 'order-' + p.order + '.txt', 'order ' + p.order)
    await release(id, 'COMPLETED')
  } else if (p.mode === 'business') {
    await release(id, 'FAILED', { type: 'BUSINESS', code: 'INVALID_ORDER', message: 'Invalid ZIP code' })
  } else if (p.mode === 'application') {
    await release(id, 'FAILED', { type: 'APPLICATION', code: 'PORTAL_DOWN', message: 'The portal did not answer' })
  } else if (p.mode === 'crash') {
    await addFile(await output(id, { order: p.order, partial: true }), 'partial.txt', 'partial ' + p.order)
    // What robocorp-workitems sends for an exception raised in its inputs loop: the loop's generator
    // fails the item with GeneratorExit's empty message, and the adapter drops empty fields.
    await release(id, 'FAILED', { type: 'APPLICATION' })
    console.error('FileNotFoundError: No file with name: orders.xlsx')
    process.exit(1)
  } else if (p.mode === 'die') {
    console.error('dying without a release')
    process.exit(1)
  } else if (p.mode === 'slow') {
    await new Promise((resolve) => setTimeout(resolve, p.ms))
    await output(id, { order: p.order, at: Date.now() })
    await release(id, 'COMPLETED')
  } else if (p.mode === 'env') {
    await output(id, Object.fromEntries(p.names.map((name) => [name, env[name] ?? null])))
    await release(id, 'COMPLETED')
  } else if (p.mode === 'deep') {
    const deep = '['.repeat(200) + ']'.repeat(200)
    const token = env.RC_API_WORKITEM_TOKEN
    await output(id, {
      putDeep: (await call(itemApi + id + '/data', token, 'PUT', undefined, deep)).status,
      outputDeep: (await call(processApi + 'work-items/' + id + '/output', token, 'POST', undefined, '{"payload":' + deep + '}')).status,
    })
    await release(id, 'COMPLETED')
  } else if (p.mode === 'steal') {
    await steal(id, p)
  } else {
    await output(id, { ...p, read: await readFiles(id), at: Date.now() })
    await release(id, 'COMPLETED')
  }
  id = (await proc(stepRunPath + 'reserve-next-work-item')).workItemId
}
`

/** Writes <robotsDir>/api-robot (task "Run") and returns its folder name. */
export async function writeApiRobot(robotsDir: string): Promise<string> {
  await mkdir(join(robotsDir, 'api-robot'), { recursive: true })
  await writeFile(join(robotsDir, 'api-robot', 'robot.yaml'), 'tasks:\n  Run:\n    shell: node robot.mjs\n')
  await writeFile(join(robotsDir, 'api-robot', 'robot.mjs'), API_ROBOT)
  return 'api-robot'
}
