/** The tray icon and its menu, rendered from core/tray-model. */
import { join } from 'node:path'
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron'
import type { TrayItem, TrayModel } from '../core/tray-model'

export interface TrayActions {
  launch(connectionId: string, processId: string): void
  openWindow(): void
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
      return { label: item.label, click: () => actions.openWindow() }
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

/** Creates the tray icon; call render() with each new model. */
export function createTray(resourcesDir: string, actions: TrayActions) {
  const icon = nativeImage.createFromPath(join(resourcesDir, 'tray-icon.png'))
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon)
  tray.setToolTip('Robodeck')
  return {
    render(model: TrayModel) {
      tray.setToolTip(model.tooltip)
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, actions)))
    },
    destroy: () => tray.destroy(),
  }
}
