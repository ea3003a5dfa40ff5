/**
 * The application menu. Electron's default one has Reload and Toggle Developer Tools, which a
 * packaged app must not offer. macOS gets the minimal menu its conventions expect (the app menu
 * with Quit, Edit so that copy and paste work in text fields, Window); Windows and Linux get none.
 * An unpackaged app (npm start, npm run dev) adds a Developer menu.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron'

export function applicationMenuTemplate(
  platform: NodeJS.Platform,
  developer: boolean,
): MenuItemConstructorOptions[] | null {
  const developerMenu: MenuItemConstructorOptions = {
    label: 'Developer',
    submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
  }
  const menu: MenuItemConstructorOptions[] =
    platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }] : []
  if (developer) menu.push(developerMenu)
  return menu.length > 0 ? menu : null
}

/** Sets the menu for this platform; `developer` when the app is not packaged. */
export function setApplicationMenu(developer: boolean, platform: NodeJS.Platform = process.platform): void {
  const template = applicationMenuTemplate(platform, developer)
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null)
}
