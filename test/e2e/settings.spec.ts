/**
 * The Settings view in a real browser over web mode, its real core and local room: notification
 * rules saved and found again after a reload; a bad proxy and an unreadable CA file refused in the
 * core's words; the dark theme applied to the page and kept after a reload; About naming the
 * versions web mode knows; start at login disabled with the reason, and the
 * data folder shown with where web mode's is set. Screenshots in light and dark.
 */
import { expect, type Page, test } from '@playwright/test'
import { screenshotBothThemes } from '../support/screenshots'
import { type RunningWebMode, startWebMode } from '../support/web-mode'

let web: RunningWebMode

test.beforeEach(async () => {
  web = await startWebMode()
})

test.afterEach(async () => {
  await web.stop()
})

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click()
  return page.getByRole('region', { name: 'Settings' })
}

/** The window's background (--bg-window in tokens.css) in each theme. */
const LIGHT_BACKGROUND = 'rgb(243, 244, 246)'
const DARK_BACKGROUND = 'rgb(21, 24, 28)'
const expectBackground = (page: Page, color: string) =>
  expect(page.locator('body')).toHaveCSS('background-color', color)

test('notification rules are saved and kept after a reload', async ({ page }) => {
  await page.goto(web.url)
  let settings = await openSettings(page)
  let notifications = settings.getByRole('region', { name: 'Notifications' })
  await notifications
    .getByRole('group', { name: 'Default rule' })
    .getByRole('combobox', { name: 'Notify' })
    .selectOption('failures')
  await notifications.getByRole('button', { name: 'Add rule' }).click()
  let rule = notifications.getByRole('group', { name: 'Rule 1' })
  await expect(rule.getByRole('combobox', { name: 'Workspace' })).toHaveValue('local')
  await rule.getByRole('combobox', { name: 'Process' }).selectOption({ label: 'Sales report' })
  await rule.getByRole('combobox', { name: 'Notify' }).selectOption('failures_and_recovery')
  await rule.getByRole('checkbox', { name: 'Also when a run starts' }).check()
  await rule.getByRole('checkbox', { name: 'Quiet hours' }).check()
  await rule.getByLabel('From').fill('23:30')
  await rule.getByLabel('To').fill('06:15')
  await notifications.getByRole('button', { name: 'Save' }).click()
  await expect(notifications.getByRole('status')).toHaveText('Saved.')

  await page.reload()
  settings = await openSettings(page)
  notifications = settings.getByRole('region', { name: 'Notifications' })
  await expect(
    notifications.getByRole('group', { name: 'Default rule' }).getByRole('combobox', { name: 'Notify' }),
  ).toHaveValue('failures')
  rule = notifications.getByRole('group', { name: 'Rule 1' })
  await expect(rule.getByRole('combobox', { name: 'Process' }).locator('option:checked')).toHaveText(
    'Sales report',
  )
  await expect(rule.getByRole('combobox', { name: 'Notify' })).toHaveValue('failures_and_recovery')
  await expect(rule.getByRole('checkbox', { name: 'Also when a run starts' })).toBeChecked()
  await expect(rule.getByLabel('From')).toHaveValue('23:30')
  await expect(rule.getByLabel('To')).toHaveValue('06:15')
})

test('a bad proxy and an unreadable CA file are refused in the core’s words', async ({ page }) => {
  await page.goto(web.url)
  const network = (await openSettings(page)).getByRole('region', { name: 'Network' })
  const proxy = network.getByRole('textbox', { name: 'Proxy URL' })
  await proxy.fill('the office proxy')
  await network.getByRole('button', { name: 'Save' }).click()
  await expect(network.getByRole('alert')).toContainText(
    'The proxy is not a URL (e.g. http://proxy.example.com:3128).',
  )

  await proxy.fill('http://proxy.example.com:3128')
  await network.getByRole('textbox', { name: 'Extra CA file' }).fill('/nonexistent/company-ca.pem')
  await network.getByRole('button', { name: 'Save' }).click()
  await expect(network.getByRole('alert')).toContainText(
    'The CA file /nonexistent/company-ca.pem cannot be read',
  )

  await network.getByRole('textbox', { name: 'Extra CA file' }).fill('')
  await network.getByRole('button', { name: 'Save' }).click()
  await expect(network.getByRole('status')).toHaveText('Saved.')
  // The field shows the proxy as the core keeps it: a URL normalised by WHATWG URL.
  await expect(proxy).toHaveValue('http://proxy.example.com:3128/')
  await page.reload()
  const reloaded = (await openSettings(page)).getByRole('region', { name: 'Network' })
  await expect(reloaded.getByRole('textbox', { name: 'Proxy URL' })).toHaveValue(
    'http://proxy.example.com:3128/',
  )
})

test('the dark theme applies to the page and is kept after a reload; About names the versions', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto(web.url)
  const settings = await openSettings(page)
  await expectBackground(page, LIGHT_BACKGROUND)

  const about = settings.getByRole('region', { name: 'About' })
  await expect(about).toContainText(`Node.js${process.versions.node}`)
  await expect(about).toContainText('(web mode)')
  // Web mode runs on Node alone: no Electron or Chrome version is made up.
  await expect(about.getByRole('term')).toHaveText(['Robodeck', 'Node.js', 'Secrets'])
  await page.screenshot({ path: 'test-results/screenshots/settings-light.png', fullPage: true })

  await settings.getByRole('radio', { name: 'Dark' }).check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expectBackground(page, DARK_BACKGROUND)
  await page.screenshot({ path: 'test-results/screenshots/settings-dark.png', fullPage: true })

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expectBackground(page, DARK_BACKGROUND)
  await expect((await openSettings(page)).getByRole('radio', { name: 'Dark' })).toBeChecked()

  // Following the system again: the light system preference draws it light.
  await page.getByRole('radio', { name: 'Follow the system' }).check()
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/)
  await expectBackground(page, LIGHT_BACKGROUND)
  // …and a dark one draws it dark: the other specs' dark screenshots rely on this.
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectBackground(page, DARK_BACKGROUND)
})

test('start at login is the desktop app’s; the data folder is shown with where web mode sets it', async ({
  page,
}) => {
  await page.goto(web.url)
  const settings = await openSettings(page)
  const login = settings.getByRole('region', { name: 'Start at login' })
  const box = login.getByRole('checkbox', { name: 'Start Robodeck when you log in' })
  await expect(box).toBeDisabled()
  await expect(box).not.toBeChecked()
  await expect(box).toHaveAccessibleDescription(
    'Starting at login is only in the desktop app: web mode runs while its command does.',
  )

  const folder = settings.getByRole('region', { name: 'Data folder' })
  await expect(folder.getByRole('textbox', { name: 'Folder in use' })).toHaveValue(web.dataDir)
  await expect(folder).toContainText('Web mode keeps its data in the folder given with --data')
  await expect(folder.getByRole('button', { name: 'Choose another folder…' })).toHaveCount(0)
  await expect(folder.getByRole('button', { name: 'Copy path' })).toBeEnabled()
  await folder.scrollIntoViewIfNeeded()
  await screenshotBothThemes(page, 'settings-system')
})
