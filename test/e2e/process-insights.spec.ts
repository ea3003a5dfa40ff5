/**
 * A process's insights in web mode (real core, real local room, Chromium): the room is seeded with
 * runs of known states and durations, the dialog's numbers are checked against them, the canvas is
 * checked for bars in the outcome colors, a real launch joins the chart live, and focus comes back
 * to the row's button on Escape. Screenshots in both themes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type Locator, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { seedRuns } from '../support/seed-runs'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode | undefined
let dataDir: string

// seedRuns gives the room's four processes runs in turn, so Echo payload (the first) gets runs
// 0, 4, 8, … 76 of these 80: every fifth of its own unresolved (16 completed, 4 unresolved), and
// durations 1+(i mod 7) s, which for i = 0, 4, 8, … cycle 1, 5, 2, 6, 3, 7, 4: sorted, its 20
// durations are 1,1,1,2,2,2,3,3,3,4,4,5,5,5,6,6,6,7,7,7, so a median of 4 s and a p95 of 7 s.
const SEEDED = 80

test.beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'robodeck-web-insights-'))
  // The first start creates the room's database and samples; the runs go in while it is stopped.
  await (await startWebMode({ dataDir })).stop()
  seedRuns(join(dataDir, 'localroom'), SEEDED)
  web = await startWebMode({ dataDir })
})

test.afterEach(async () => {
  await web?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

const stat = (dialog: Locator, name: string) => dialog.locator(`[data-stat="${name}"]`)

/** The few DOM parts the pixel count uses (this file is type-checked for Node, without the DOM's types). */
interface Probe {
  style: { color: string }
  remove(): void
}
interface ChartHost {
  querySelector(selector: 'canvas'): {
    width: number
    height: number
    getContext(kind: '2d'): {
      getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> }
    }
  }
  append(node: Probe): void
  ownerDocument: {
    createElement(tag: 'span'): Probe
    defaultView: { getComputedStyle(element: Probe): { color: string } }
  }
}

/** How many of the canvas's pixels are (nearly) each outcome's color, as the theme resolves it. */
const barPixels = (dialog: Locator) =>
  dialog.locator('.insights-chart__canvas').evaluate((element) => {
    const host = element as unknown as ChartHost
    const canvas = host.querySelector('canvas')
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
    const rgbOf = (token: string) => {
      const probe = host.ownerDocument.createElement('span')
      probe.style.color = `var(${token})`
      host.append(probe)
      const rgb = (host.ownerDocument.defaultView.getComputedStyle(probe).color.match(/\d+/g) ?? []).map(
        Number,
      )
      probe.remove()
      return rgb
    }
    const count = (rgb: number[]) => {
      let n = 0
      for (let i = 0; i < data.length; i += 4)
        if (rgb.every((v, c) => Math.abs((data[i + c] as number) - v) < 8)) n++
      return n
    }
    return { completed: count(rgbOf('--ok')), unresolved: count(rgbOf('--danger')) }
  })

test('the insights of a process: its last runs charted by outcome, with their numbers', async ({ page }) => {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto((web as RunningWebMode).url)
  const runs = page.getByRole('region', { name: 'Runs' })
  await expect(runs.locator('[data-run-count]')).toHaveAttribute('data-run-count', String(SEEDED))

  const open = page.getByRole('button', { name: 'Insights for Echo payload' })
  await open.click()
  const dialog = page.getByRole('dialog', { name: 'Insights: Echo payload' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByText('The last 20 runs, oldest on the left.')).toBeVisible()
  await expect(stat(dialog, 'success-rate')).toHaveText('80%')
  await expect(dialog.getByText('16 of 20 finished runs')).toBeVisible()
  await expect(stat(dialog, 'median')).toHaveText('4.0 s')
  await expect(stat(dialog, 'p95')).toHaveText('7.0 s')
  await expect(stat(dialog, 'runs')).toHaveText('20')
  // The chart: an image named by its summary, a canvas with bars in both outcome colors.
  await expect(
    dialog.getByRole('img', { name: /^Bar chart of the durations of the last 20 runs/ }),
  ).toBeVisible()
  await expect(dialog.locator('.insights-chart__canvas canvas')).toBeVisible()
  await expect.poll(async () => (await barPixels(dialog)).completed).toBeGreaterThan(100)
  expect((await barPixels(dialog)).unresolved).toBeGreaterThan(20)
  // Its text alternative lists every run charted.
  await expect(
    dialog.getByRole('table', { name: 'Last 20 runs of Echo payload, oldest first' }).locator('tbody tr'),
  ).toHaveCount(20)

  // A tooltip names the run under the pointer: the newest, on the right.
  const plot = dialog.locator('.u-over')
  const box = await plot.boundingBox()
  if (!box) throw new Error('no plot area')
  await page.mouse.move(box.x + box.width - 8, box.y + box.height - 4)
  await expect(dialog.locator('.insights-chart__tooltip')).toHaveText(
    /^(Completed|Unresolved \(failed\)) · \d\.0 s · /,
  )
  await screenshotBothThemes(page, 'process-insights')

  // Escape closes it, and focus is back on the row's button.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(open).toBeFocused()

  // A real launch joins the chart live: with Last 50, all 21 of its runs, 17 of 21 completed.
  await page.getByRole('button', { name: 'Launch Echo payload', exact: true }).click()
  const launched = page.locator('[data-launched-run-id]')
  await expect(launched).toBeVisible()
  const launchedId = (await launched.getAttribute('data-launched-run-id')) as string
  await expect(runs.locator(`[data-run-id="${launchedId}"] [data-state="completed"]`)).toBeVisible({
    timeout: 30_000,
  })
  await open.click()
  await dialog.getByRole('combobox', { name: 'Runs' }).selectOption('50')
  await expect(
    dialog.getByText(
      'The window holds 21 runs of this process, so all are shown (of the last 50 asked for).',
    ),
  ).toBeVisible()
  await expect(stat(dialog, 'runs')).toHaveText('21')
  await expect(stat(dialog, 'success-rate')).toHaveText('81%')
  await expect(dialog.locator('tbody tr').last()).toHaveAttribute('data-insight-run-id', launchedId)
  expect(pageErrors).toEqual([])
})
