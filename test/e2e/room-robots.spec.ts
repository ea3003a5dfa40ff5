/**
 * The local Control Room's Robots tab and process create/delete in a real browser over web mode and
 * its real room: a robot folder (made in a temp dir) imported by its typed path, a folder without
 * robot.yaml refused in the room's words, a process created on the imported robot, launched from
 * the runs view and seen to complete, the robot not deletable while the process uses it, then both
 * deleted. Web mode offers no file dialog. No bridge answer carries the owner credential's secret.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Page, test } from '@playwright/test'
import { writeApiRobot } from '../support/api-test-robot'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode
let dir: string

test.beforeEach(async () => {
  web = await startWebMode()
  dir = await mkdtemp(join(tmpdir(), 'robodeck-e2e-robots-'))
})

test.afterEach(async () => {
  await web.stop()
  await rm(dir, { recursive: true, force: true })
})

async function showView(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click()
}

async function openTab(page: Page, tab: string) {
  await showView(page, 'Local Control Room')
  const room = page.getByRole('region', { name: 'Local Control Room' })
  await room.getByRole('tab', { name: tab }).click()
  return room
}

test('a robot folder is imported, a process made on it runs, and both are deleted', async ({ page }) => {
  test.setTimeout(120_000)
  const answers: string[] = []
  page.on('response', async (response) => {
    if (response.url().includes('/bridge/commands/room.')) answers.push(await response.text().catch(() => ''))
  })
  const folder = join(dir, await writeApiRobot(dir))
  const empty = join(dir, 'not-a-robot')
  await mkdir(empty)
  await page.goto(web.url)

  // Robots: the samples are listed; web mode has no file dialog, the path is typed.
  let room = await openTab(page, 'Robots')
  const robots = room.getByRole('list', { name: 'Robots' })
  await expect(robots.getByRole('listitem', { name: 'echo-payload' })).toContainText('Sample')
  const importForm = room.getByRole('form', { name: 'Import a robot' })
  await expect(importForm.getByRole('button', { name: 'Choose folder…' })).toHaveCount(0)

  // A folder that is no robot: the room's reason, nothing added.
  await importForm.getByRole('textbox', { name: 'Path' }).fill(empty)
  await importForm.getByRole('button', { name: 'Import' }).click()
  await expect(importForm.getByRole('alert')).toContainText('no robot.yaml')
  await expect(importForm.getByRole('alert')).toContainText('invalid_robot')

  await importForm.getByRole('textbox', { name: 'Path' }).fill(folder)
  await importForm.getByRole('textbox', { name: 'Name' }).fill('Work item robot')
  await importForm.getByRole('button', { name: 'Import' }).click()
  await expect(importForm.getByRole('status')).toHaveText('Imported “Work item robot”.')
  const imported = robots.getByRole('listitem', { name: 'Work item robot' })
  await expect(imported).toContainText('Imported folder')
  await expect(imported.getByRole('list', { name: 'Tasks of Work item robot' })).toContainText('Run')
  await screenshotBothThemes(page, 'room-robots')

  // Processes: a new process of one step on the imported robot's only task.
  room = await openTab(page, 'Processes')
  await room.getByRole('button', { name: 'New process' }).click()
  const form = room.getByRole('form', { name: 'New process' })
  await form.getByRole('textbox', { name: 'Name' }).fill('Items from the window')
  await form.getByRole('combobox', { name: 'Robot of step 1' }).selectOption({ label: 'Work item robot' })
  await expect(form.getByRole('combobox', { name: 'Task of step 1' })).toHaveValue('Run')
  await screenshotBothThemes(page, 'room-new-process')
  await form.getByRole('button', { name: 'Create process' }).click()
  const steps = room.getByRole('region', { name: 'Steps of Items from the window' })
  await expect(steps.getByRole('form', { name: 'Step 1: Run' })).toBeVisible()

  // The runs view has it at once: launched, its run completes.
  await showView(page, 'Runs')
  await page.getByRole('button', { name: 'Launch Items from the window', exact: true }).click()
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(
    runs.locator('[data-run-id]', { hasText: 'Items from the window' }).locator('[data-state="completed"]'),
  ).toHaveCount(1, { timeout: 30_000 })

  // The robot is in use: its delete is disabled, saying by what.
  room = await openTab(page, 'Robots')
  const inUse = room.getByRole('list', { name: 'Robots' }).getByRole('listitem', { name: 'Work item robot' })
  await expect(inUse.getByRole('button', { name: 'Delete Work item robot…' })).toBeDisabled()
  await expect(inUse).toContainText('Used by “Items from the window”: delete those processes first.')

  // The process is deleted after a confirmation, then the robot.
  room = await openTab(page, 'Processes')
  await room
    .getByRole('navigation', { name: 'Room processes' })
    .getByRole('button', { name: /Items from the window/ })
    .click()
  await steps.getByRole('button', { name: 'Delete Items from the window…' }).click()
  await expect(
    steps.getByRole('group', { name: 'Delete the process “Items from the window”?' }),
  ).toBeVisible()
  await screenshotBothThemes(page, 'room-delete-process')
  await steps.getByRole('button', { name: 'Delete process', exact: true }).click()
  await expect(steps).toHaveCount(0)
  await expect(
    room
      .getByRole('navigation', { name: 'Room processes' })
      .getByRole('button', { name: /Items from the window/ }),
  ).toHaveCount(0)

  room = await openTab(page, 'Robots')
  const unused = room.getByRole('list', { name: 'Robots' }).getByRole('listitem', { name: 'Work item robot' })
  await unused.getByRole('button', { name: 'Delete Work item robot…' }).click()
  await unused.getByRole('button', { name: 'Delete robot' }).click()
  await expect(unused).toHaveCount(0)

  // The runs view no longer offers it.
  await showView(page, 'Runs')
  await expect(page.getByRole('button', { name: 'Launch Items from the window', exact: true })).toHaveCount(0)

  expect(answers.length).toBeGreaterThanOrEqual(6)
  for (const answer of answers) expect(answer).not.toMatch(/[0-9a-f]{96}/i)
})
