/** Full-page screenshots for review, in the light and the dark theme, under test-results/screenshots/. */
import type { Page } from '@playwright/test'

/** Writes `<name>-light.png` and `<name>-dark.png`, then leaves the page in the light theme. */
export async function shoot(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png`, fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
