/** Screenshots of the whole page in the light and the dark theme, for a person to look over. */
import type { Page } from '@playwright/test'

/** Writes test-results/screenshots/<name>-light.png and -dark.png; leaves the page light. */
export async function shootBothThemes(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: `test-results/screenshots/${name}-${colorScheme}.png`, fullPage: true })
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
