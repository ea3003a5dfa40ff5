/**
 * The tray icon and its menu, rendered from core/tray-model. The menu is there from the first moment
 * (processes still loading): on Linux a StatusNotifier tray emits no click, so an icon without a
 * menu does nothing. On macOS the icon is a template image, which the menu bar tints for light and
 * dark mode.
 */
import { join } from 'node:path'
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron'
import { buildTrayModel, type TrayItem, type TrayModel } from '../core/tray-model'

export interface TrayActions {
  launch(connectionId: string, processId: string): void
  openWindow(): void
  openRun(connectionId: string, runId: string): void
  quit(): void
}

function toMenuItem(item: TrayItem, actions: TrayActions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'heading':
      return { label: item.label, enabled: false }
    case 'note':
      return { label: item.label, enabled: false }
    case 'separator':
      return { type: 'separator' }
    case 'launch':
      return { label: item.label, click: () => actions.launch(item.connectionId, item.processId) }
    case 'run':
      return { label: item.label, click: () => actions.openRun(item.connectionId, item.runId) }
    case 'open-window':
      return { label: item.label, click: () => actions.openWindow() }
    case 'quit':
      return { label: item.label, click: () => actions.quit() }
  }
}

/** Builds the Electron menu template for a model (exported for the unit test). */
export function trayMenuTemplate(model: TrayModel, actions: TrayActions): MenuItemConstructorOptions[] {
  return model.items.map((item) => toMenuItem(item, actions))
}

/**
 * The icon file for the platform: macOS wants a template image, which Electron recognises by the
 * `Template` suffix (and it picks the `@2x` file beside it on Retina displays).
 */
export function trayIconFile(resourcesDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(resourcesDir, platform === 'darwin' ? 'tray-iconTemplate.png' : 'tray-icon.png')
}

export interface AppTray {
  render(model: TrayModel): void
  destroy(): void
}

/** Creates the tray icon with a menu at once; call render() with each new model. */
export function createTray(
  resourcesDir: string,
  actions: TrayActions,
  platform: NodeJS.Platform = process.platform,
): AppTray {
  const icon = nativeImage.createFromPath(trayIconFile(resourcesDir, platform))
  if (platform === 'darwin') icon.setTemplateImage(true)
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon)
  const render = (model: TrayModel) => {
    if (tray.isDestroyed()) return
    tray.setToolTip(model.tooltip)
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, actions)))
  }
  render(buildTrayModel([], [], 'loading'))
  return { render, destroy: () => tray.destroy() }
}
