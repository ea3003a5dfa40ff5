/**
 * The tray icon and its menu, rendered from core/tray-model. The menu is there from the first moment
 * (processes still loading): on Linux a StatusNotifier tray emits no click, so an icon without a
 * menu does nothing. The icon shows the overall state (idle, running, a failure) with a badge; on
 * macOS it is a template image, which the menu bar tints for light and dark mode.
 */
import { join } from 'node:path'
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron'
import type { TrayLaunch } from '../core/tray-launch'
import { loadingTrayModel, type TrayItem, type TrayModel } from '../core/tray-model'
import type { TrayState } from '../core/tray-overview'

export interface TrayActions {
  /** Launches a process, a favourite with its saved payload (asking first in production: core/tray-launch.ts). */
  launch(launch: TrayLaunch): void
  /** Reloads what the tray shows and looks at every connection now. */
  refresh(): void
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
      return {
        label: item.label,
        click: () =>
          actions.launch({
            connectionId: item.connectionId,
            processId: item.processId,
            processName: item.label,
            ...(item.payload !== undefined && { payload: item.payload }),
          }),
      }
    case 'run':
      return { label: item.label, click: () => actions.openRun(item.connectionId, item.runId) }
    case 'refresh':
      return { label: item.label, click: () => actions.refresh() }
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
 * The icon file for the platform and state: macOS wants a template image, which Electron recognises
 * by the `Template` suffix (and it picks the `@2x` file beside it on Retina displays). Running and
 * failure add a badge (scripts/make-icons.mjs draws them all).
 */
export function trayIconFile(
  resourcesDir: string,
  platform: NodeJS.Platform = process.platform,
  state: TrayState = 'idle',
): string {
  const name = state === 'idle' ? 'tray-icon' : `tray-icon-${state}`
  return join(resourcesDir, platform === 'darwin' ? `${name}Template.png` : `${name}.png`)
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
  const iconFor = (state: TrayState) => {
    const icon = nativeImage.createFromPath(trayIconFile(resourcesDir, platform, state))
    if (platform === 'darwin') icon.setTemplateImage(true)
    return icon.isEmpty() ? nativeImage.createEmpty() : icon
  }
  const tray = new Tray(iconFor('idle'))
  let shown: TrayState = 'idle'
  const render = (model: TrayModel) => {
    if (tray.isDestroyed()) return
    if (model.state !== shown) {
      tray.setImage(iconFor(model.state))
      shown = model.state
    }
    tray.setToolTip(model.tooltip)
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, actions)))
  }
  render(loadingTrayModel())
  return { render, destroy: () => tray.destroy() }
}
