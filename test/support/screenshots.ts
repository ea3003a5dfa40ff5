/**
 * Screenshots for people (README, reviews): the page as it stands, in the light and the dark
 * theme, under test-results/screenshots/<name>-light.png and -dark.png. The light theme is put back
 * afterwards, so the test goes on as it was.
 */
import type { Page } from '@playwright/test'

export async function screenshotBothThemes(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({
      path: `test-results/screenshots/${name}-${colorScheme}.png`,
      fullPage: options.fullPage ?? true,
    })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
