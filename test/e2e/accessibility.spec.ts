/**
 * An accessibility scan (axe-core, WCAG 2.1 A and AA rules) of every view of the window, in the
 * light and the dark theme, in web mode over the real core and local room: a serious or critical
 * violation fails the test, named with its rule, its help text and the elements it found.
 * Moderate and minor ones are printed, not failed.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

const FAILING_IMPACTS = new Set(['serious', 'critical'])

/** Scans the page as it stands in both themes; returns what fails, one readable line each. */
async function scan(page: Page, view: string): Promise<string[]> {
  const failures: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze()
    for (const violation of violations) {
      // Each element with axe's own account of it (for contrast: the two colors and the ratio).
      const where = violation.nodes
        .slice(0, 5)
        .map((node) => `${node.target.join(' ')} (${node.any[0]?.message ?? node.failureSummary ?? ''})`)
        .join(' | ')
      const line = `${view} (${colorScheme}): ${violation.impact} ${violation.id}: ${violation.help} at ${where}`
      if (FAILING_IMPACTS.has(violation.impact ?? '')) failures.push(line)
      else console.log(`axe, not failing: ${line}`)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return failures
}

async function showView(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click()
}

test('every view has no serious or critical accessibility violation, in either theme', async ({ page }) => {
  // Some twenty views scanned twice each: minutes on a loaded machine.
  test.setTimeout(240_000)
  const failures: string[] = []
  await page.goto(web.url)

  // The runs view, with a finished run in the feed.
  await page.getByRole('button', { name: 'Launch Sales report', exact: true }).click()
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-id] [data-state="completed"]')).toHaveCount(1, { timeout: 30_000 })
  failures.push(...(await scan(page, 'runs feed')))

  // The payload editor of a process.
  const row = page.locator('.process-row', { hasText: 'Echo payload' })
  await row.getByText('Payload', { exact: true }).click()
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('{"order": 7 "rush": true}')
  await expect(row.locator('.payload__error')).toHaveText(/^Line 1, column 13: /)
  failures.push(...(await scan(page, 'payload editor, with a JSON error')))
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('')

  // A process's insights (Sales report has run once), over the window as a modal dialog.
  await page.getByRole('button', { name: 'Insights for Sales report' }).click()
  const insights = page.getByRole('dialog', { name: 'Insights: Sales report' })
  await expect(insights.locator('.insights-chart__canvas canvas')).toBeVisible()
  failures.push(...(await scan(page, 'process insights')))
  await page.keyboard.press('Escape')
  await expect(insights).toBeHidden()

  // The run detail, each of its tabs.
  await runs.getByRole('button', { name: /^Open run of Sales report/ }).click()
  const detail = page.locator('[data-detail-run-id]')
  await expect(detail.getByRole('list', { name: 'State timeline' })).toContainText('completed')
  failures.push(...(await scan(page, 'run detail: steps')))
  for (const tab of ['Console', 'Work items', 'Artifacts']) {
    await detail.getByRole('tab', { name: tab }).click()
    await expect(detail.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true')
    failures.push(...(await scan(page, `run detail: ${tab.toLowerCase()}`)))
  }
  await detail.getByRole('button', { name: 'Preview sales-report.csv' }).click()
  await expect(detail.getByRole('table', { name: 'sales-report.csv' })).toBeVisible()
  failures.push(...(await scan(page, 'run detail: CSV preview')))

  // The command palette, open over the run detail.
  await page.keyboard.press('Control+K')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
  failures.push(...(await scan(page, 'command palette')))
  await page.keyboard.press('Escape')

  // The local Control Room's process editor.
  await showView(page, 'Local Control Room')
  const room = page.getByRole('region', { name: 'Local Control Room' })
  await room
    .getByRole('navigation', { name: 'Room processes' })
    .getByRole('button', { name: 'Sales report' })
    .click()
  await expect(room.getByRole('form', { name: 'Step 1: Sales report' })).toBeVisible()
  failures.push(...(await scan(page, 'local Control Room')))

  // Its API keys, with the add form and a key's delete confirmation open, then its credentials.
  await room.getByRole('tab', { name: 'API keys' }).click()
  await room.getByRole('button', { name: 'Add API key' }).click()
  await room
    .getByRole('form', { name: 'New API key' })
    .getByRole('checkbox', { name: 'Processes (all)' })
    .check()
  await room.getByRole('form', { name: 'New API key' }).getByRole('textbox', { name: 'Name' }).fill('Axe')
  await room.getByRole('button', { name: 'Create key' }).click()
  const created = room.getByRole('listitem', { name: 'Axe' })
  await created.getByRole('button', { name: 'Delete Axe…' }).click()
  await created.getByRole('button', { name: 'Edit Axe' }).click()
  await expect(room.getByRole('region', { name: 'API key “Axe” created.' })).toBeVisible()
  failures.push(...(await scan(page, 'local Control Room: API keys')))
  await room.getByRole('tab', { name: 'User credentials' }).click()
  await expect(room.getByRole('list', { name: 'Access credentials' })).toBeVisible()
  failures.push(...(await scan(page, 'local Control Room: user credentials')))
  // Its webhooks: Robodeck's own with its delivery log (the run above was pushed), the add form.
  await room.getByRole('tab', { name: 'Webhooks' }).click()
  await room
    .getByRole('button', { name: /^Delivery log of / })
    .first()
    .click()
  await expect(room.getByRole('region', { name: /^Delivery log of / }).getByRole('table')).toBeVisible()
  await room.getByRole('button', { name: 'Add webhook' }).click()
  await expect(room.getByRole('form', { name: 'New webhook' })).toBeVisible()
  failures.push(...(await scan(page, 'local Control Room: webhooks')))

  // Its robots, with an import refused (the samples' deletes disabled, saying why); then the
  // Processes tab's new-process form with its checks shown and a process's delete confirmation.
  await room.getByRole('tab', { name: 'Robots' }).click()
  const importForm = room.getByRole('form', { name: 'Import a robot' })
  await importForm.getByRole('textbox', { name: 'Path' }).fill('/nonexistent/robot')
  await importForm.getByRole('button', { name: 'Import' }).click()
  await expect(importForm.getByRole('alert')).toContainText('not a folder or a zip file')
  await expect(room.getByRole('listitem', { name: 'echo-payload' })).toBeVisible()
  failures.push(...(await scan(page, 'local Control Room: robots')))
  await room.getByRole('tab', { name: 'Processes' }).click()
  await room.getByRole('button', { name: 'New process' }).click()
  const newProcess = room.getByRole('form', { name: 'New process' })
  await newProcess.getByRole('button', { name: 'Add step' }).click()
  await newProcess.getByRole('button', { name: 'Create process' }).click()
  await expect(newProcess.getByText('Give the process a name.')).toBeVisible()
  await room.getByRole('button', { name: 'Delete Echo payload…' }).click()
  failures.push(...(await scan(page, 'local Control Room: new process, delete process')))

  // Workspaces, with the add form showing a refusal.
  await showView(page, 'Workspaces')
  const workspaces = page.getByRole('region', { name: 'Workspaces' })
  await expect(workspaces.getByRole('list', { name: 'Connected workspaces' })).toBeVisible()
  await workspaces.getByLabel('API URL').fill('http://example.com/api/v1')
  await workspaces.getByLabel('Workspace id').fill('ws')
  await workspaces.getByLabel('API key').fill('not-a-key')
  await workspaces.getByRole('button', { name: 'Add workspace' }).click()
  await expect(workspaces.getByRole('alert').first()).toBeVisible()
  failures.push(...(await scan(page, 'workspaces')))

  // A launch in a workspace marked production: the row's question (the run detail closed, as it
  // takes the Processes pane's place), with a saved preset in the payload editor.
  await workspaces
    .getByRole('article')
    .first()
    .getByRole('checkbox', { name: 'Production workspace' })
    .check()
  await showView(page, 'Runs')
  await page.getByRole('button', { name: 'Close run detail' }).click()
  await row.getByRole('textbox', { name: 'Payload for Echo payload' }).fill('{"n": 1}')
  await row.getByRole('textbox', { name: 'New preset name for Echo payload' }).fill('One')
  await row.getByRole('button', { name: 'Save preset' }).click()
  await expect(row.getByRole('combobox', { name: 'Preset for Echo payload' })).toHaveValue('One')
  await page.getByRole('button', { name: 'Launch Echo payload', exact: true }).click()
  const question = row.getByRole('group', { name: /^Launch Echo payload in Production workspace/ })
  await expect(question).toBeVisible()
  failures.push(...(await scan(page, 'processes: production question, presets')))
  await question.getByRole('button', { name: 'Cancel' }).click()

  // Settings, with the network section showing a refusal (the sections scroll inside the page).
  await showView(page, 'Settings')
  const network = page.getByRole('region', { name: 'Settings' }).getByRole('region', { name: 'Network' })
  await network.getByRole('textbox', { name: 'Proxy URL' }).fill('the office proxy')
  await network.getByRole('button', { name: 'Save' }).click()
  await expect(network.getByRole('alert')).toBeVisible()
  failures.push(...(await scan(page, 'settings')))

  expect(failures, failures.join('\n')).toEqual([])
})
