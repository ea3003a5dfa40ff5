/**
 * A test robot for in-process rooms: a robots dir with one robot ("test-robot") whose behaviour each
 * input payload chooses, and a process that runs it, inserted straight into the room's database.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DB_FILE } from '../../src/localroom/db'

// Payload modes: {mode:'sleep'} prints a line, then ticks until killed (or `ms` elapse);
// {mode:'artifact'} writes output/report.txt and output/sub/data.json; {mode:'fail'} exits 3.
// Every item is echoed as an output.
const ROBOT = `
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
const items = JSON.parse(readFileSync(process.env.RC_WORKITEM_INPUT_PATH, 'utf8'))
const out = []
for (const item of items) {
  const p = item.payload ?? {}
  console.log('item ' + JSON.stringify(p))
  if (p.mode === 'artifact') {
    mkdirSync(process.env.ROBOT_ARTIFACTS + '/sub', { recursive: true })
    writeFileSync(process.env.ROBOT_ARTIFACTS + '/report.txt', 'report body')
    writeFileSync(process.env.ROBOT_ARTIFACTS + '/sub/data.json', '{"a":1}')
  }
  if (p.mode === 'fail') { console.error('failing'); process.exit(3) }
  if (p.mode === 'sleep') {
    const until = Date.now() + (p.ms ?? 60000)
    let tick = 0
    while (Date.now() < until) { console.log('tick ' + tick++); await new Promise((r) => setTimeout(r, 100)) }
  }
  out.push({ payload: p, files: {} })
}
writeFileSync(process.env.RC_WORKITEM_OUTPUT_PATH, JSON.stringify(out))
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

/** Inserts a process of `steps` steps, each running the test robot, and returns its id. */
export function insertTestProcess(dataDir: string, workspaceId: string, name: string, steps = 1): string {
  const db = new DatabaseSync(join(dataDir, DB_FILE), { timeout: 5000 })
  try {
    const id = randomUUID()
    db.prepare(
      'INSERT INTO processes (id, workspace_id, name, default_payload, created_at) VALUES (?, ?, ?, NULL, ?)',
    ).run(id, workspaceId, name, new Date().toISOString())
    for (let position = 0; position < steps; position++) {
      db.prepare(
        `INSERT INTO steps (id, process_id, position, name, robot, task) VALUES (?, ?, ?, ?, 'test-robot', 'Run')`,
      ).run(randomUUID(), id, position, `Step ${position + 1}`)
    }
    return id
  } finally {
    db.close()
  }
}
