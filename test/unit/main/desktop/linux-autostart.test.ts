/**
 * The Linux autostart entry on real files: where the XDG spec puts it, what it says (an Exec line
 * quoted as the Desktop Entry spec asks), written whole, read back as on or off the way desktops'
 * own startup settings turn it off, and removed.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  autostartDir,
  desktopEntry,
  execArgument,
  readAutostart,
  removeAutostart,
  writeAutostart,
} from '../../../../src/main/desktop/linux-autostart'
import { tempDir } from '../../../support/temp-dir'

describe('the XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/home/ann/.cfg' }, '/home/ann')).toBe('/home/ann/.cfg/autostart')
    expect(autostartDir({}, '/home/ann')).toBe('/home/ann/.config/autostart')
    // The spec ignores a relative XDG_CONFIG_HOME.
    expect(autostartDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ann')).toBe('/home/ann/.config/autostart')
  })

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(execArgument('/opt/Robodeck/robodeck')).toBe('/opt/Robodeck/robodeck')
    expect(execArgument('/home/ann/Apps/Robodeck 1.0.AppImage')).toBe(
      '"/home/ann/Apps/Robodeck 1.0.AppImage"',
    )
    expect(execArgument('/opt/100%/robodeck')).toBe('/opt/100%%/robodeck')
    // Inside quotes `$` takes a backslash, and the string escape doubles the backslash.
    expect(execArgument('/opt/$HOME/r d')).toBe('"/opt/\\\\$HOME/r d"')
    expect(() => execArgument('/opt/a\nb')).toThrow('line break')
  })

  it('is written whole, read back as on, and removed', async () => {
    const file = join(await tempDir(), 'config', 'autostart', 'robodeck.desktop')
    expect(await readAutostart(file)).toBe(false)
    await writeAutostart(file, {
      name: 'Robodeck',
      exec: ['/home/ann/Robodeck 1.0.AppImage'],
      icon: 'robodeck',
    })
    const text = await readFile(file, 'utf8')
    expect(text).toBe(
      desktopEntry({ name: 'Robodeck', exec: ['/home/ann/Robodeck 1.0.AppImage'], icon: 'robodeck' }),
    )
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Name=Robodeck',
        'Exec="/home/ann/Robodeck 1.0.AppImage"',
        'Icon=robodeck',
        'X-GNOME-Autostart-enabled=true',
      ]),
    )
    // No temporary file is left beside it.
    expect(await readdir(join(file, '..'))).toEqual(['robodeck.desktop'])
    expect(await readAutostart(file)).toBe(true)
    await removeAutostart(file)
    expect(await readAutostart(file)).toBe(false)
    await removeAutostart(file)
  })

  it('reads an entry a desktop turned off as off', async () => {
    const file = join(await tempDir(), 'robodeck.desktop')
    await writeFile(
      file,
      '[Desktop Entry]\nType=Application\nExec=robodeck\nX-GNOME-Autostart-enabled=false\n',
    )
    expect(await readAutostart(file)).toBe(false)
    await writeFile(file, '[Desktop Entry]\nType=Application\nExec=robodeck\nHidden=true\n')
    expect(await readAutostart(file)).toBe(false)
    // A key in another group does not count.
    await writeFile(file, '[Desktop Entry]\nExec=robodeck\n[Desktop Action x]\nHidden=true\n')
    expect(await readAutostart(file)).toBe(true)
  })
})
