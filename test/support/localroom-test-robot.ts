/**
 * A test robot for in-process rooms: a robots dir with one robot ("test-robot") whose behaviour each
 * input payload chooses, and a process that runs it, inserted straight into the room's database.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DB_FILE } from '../../src/localroom/db/db'

// Payload modes: {mode:'sleep'} prints a line, then ticks until killed (or `ms` elapse; with
// `ticks: n` only the first n ticks print, so that a robot whose room died is not ended by a broken
// pipe); {mode:'grandchild'} also starts a child process of its own (stdio ignored) and prints its
// pid, then sleeps like 'sleep'; `ignoreTerm: true` makes the robot print and ignore SIGTERM;
// {mode:'artifact'} writes output/report.txt and output/sub/data.json; {mode:'fail'} exits 3;
// {mode:'crash'} aborts (SIGABRT); {mode:'split', count} outputs `count` items {part, readFiles}, each
// with a file part-<i>.txt next to the output file; {mode:'release'} releases the item FAILED with
// a BUSINESS exception (code `code`, default "bad_item"); {mode:'deep', depth} writes one output whose
// payload is `depth` arrays inside one another (as text: JSON.stringify would overflow) and exits 0.
// Every other item is echoed as an output;
// with `readFiles: true` its files' contents are added to the echoed payload as `read`.
const ROBOT = `
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
const inputPath = process.env.RC_WORKITEM_INPUT_PATH
const outputPath = process.env.RC_WORKITEM_OUTPUT_PATH
const items = JSON.parse(readFileSync(inputPath, 'utf8'))
const out = []
const releases = []
for (const [index, item] of items.entries()) {
  const p = item.payload ?? {}
  console.log('item ' + JSON.stringify(p))
  if (p.ignoreTerm) process.on('SIGTERM', () => console.log('got SIGTERM'))
  if (p.mode === 'artifact') {
    mkdirSync(process.env.ROBOT_ARTIFACTS + '/sub', { recursive: true })
    writeFileSync(process.env.ROBOT_ARTIFACTS + '/report.txt', 'report body')
    writeFileSync(process.env.ROBOT_ARTIFACTS + '/sub/data.json', '{"a":1}')
  }
  if (p.mode === 'fail') { console.error('failing'); process.exit(3) }
  if (p.mode === 'deep') {
    writeFileSync(outputPath, '[{"payload":' + '['.repeat(p.depth) + ']'.repeat(p.depth) + ',"files":{}}]')
    process.exit(0)
  }
  if (p.mode === 'crash') { console.log('crashing'); process.abort() }
  if (p.mode === 'grandchild') {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    console.log('grandchild ' + child.pid)
  }
  if (p.mode === 'sleep' || p.mode === 'grandchild') {
    console.log('pid ' + process.pid)
    const until = Date.now() + (p.ms ?? 60000)
    let tick = 0
    while (Date.now() < until) {
      if (p.ticks === undefined || tick < p.ticks) console.log('tick ' + tick)
      tick++
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  if (p.mode === 'split') {
    for (let part = 0; part < p.count; part++) {
      writeFileSync(join(dirname(outputPath), 'part-' + part + '.txt'), 'part ' + part)
      out.push({ payload: { part, readFiles: true }, files: { ['part-' + part + '.txt']: 'part-' + part + '.txt' } })
    }
    continue
  }
  if (p.mode === 'release') {
    releases.push({ index, state: 'FAILED', exception: { type: 'BUSINESS', code: p.code ?? 'bad_item', message: 'item ' + index + ' is bad' } })
    continue
  }
  const read = {}
  if (p.readFiles) for (const [name, rel] of Object.entries(item.files ?? {})) read[name] = readFileSync(join(dirname(inputPath), rel), 'utf8')
  out.push({ payload: p.readFiles ? { ...p, read } : p, files: {} })
}
writeFileSync(outputPath, JSON.stringify(out))
if (releases.length > 0) writeFileSync(process.env.RC_WORKITEM_RELEASE_PATH, JSON.stringify(releases))
`

/** Writes <dir>/robots/test-robot and returns the robots dir. */
export async function writeTestRobot(dir: string): Promise<string> {
  const robots = join(dir, 'robots')
  await mkdir(join(robots, 'test-robot'), { recursive: true })
  await writeFile(
    join(robots, 'test-robot', 'robot.yaml'),
    'tasks:\n  Run:\n    shell: node robot.mjs\nartifactsDir: output\n',
  )
  await writeFile(join(robots, 'test-robot', 'robot.mjs'), ROBOT)
  return robots
}

/**
 * Inserts a process of `steps` steps, each running the test robot (or `robot`, a folder name of the
 * robots dir, and its `task`), and returns its id. The test robot reads and writes the file
 * contract, so its steps use the file adapter (`adapter`) where the schema has the setting.
 */
export function insertTestProcess(
  dataDir: string,
  workspaceId: string,
  name: string,
  steps = 1,
  {
    robot = 'test-robot',
    task = 'Run',
    adapter = 'file',
  }: { robot?: string; task?: string; adapter?: 'api' | 'file' } = {},
): string {
  const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
  try {
    const id = randomUUID()
    db.prepare(
      'INSERT INTO processes (id, workspace_id, name, default_payload, created_at) VALUES (?, ?, ?, NULL, ?)',
    ).run(id, workspaceId, name, new Date().toISOString())
    const hasAdapter = db
      .prepare('SELECT 1 AS present FROM pragma_table_info(?) WHERE name = ?')
      .get('steps', 'work_item_adapter')
    for (let position = 0; position < steps; position++) {
      const stepId = randomUUID()
      db.prepare(
        `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(stepId, id, position, `Step ${position + 1}`, robot, task)
      if (hasAdapter) db.prepare('UPDATE steps SET work_item_adapter = ? WHERE id = ?').run(adapter, stepId)
    }
    return id
  } finally {
    db.close()
  }
}

/**
 * Whether a process has ended: no such pid, or a zombie nobody reaped yet (a robot orphaned by a
 * killed room is re-parented to init, which in some containers never reaps it).
 */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}
