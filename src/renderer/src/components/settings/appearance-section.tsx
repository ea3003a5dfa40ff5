/** Settings › Appearance: the window's theme, applied at once and kept for the next start. */
import { useState } from 'react'
import { chooseTheme, savedTheme, THEMES, type Theme } from '../../lib/theme'
import { SettingsSection } from './settings-section'

const LABELS: Record<Theme, string> = { system: 'Follow the system', light: 'Light', dark: 'Dark' }

export function AppearanceSection() {
  const [theme, setTheme] = useState(savedTheme)
  return (
    <SettingsSection title="Appearance">
      <fieldset className="settings-choices">
        <legend>Theme</legend>
        {THEMES.map((option) => (
          <label key={option} className="settings-check">
            <input
              type="radio"
              name="theme"
              value={option}
              checked={theme === option}
              onChange={() => {
                chooseTheme(option)
                setTheme(option)
              }}
            />
            {LABELS[option]}
          </label>
        ))}
      </fieldset>
      <p className="settings-hint">Kept by this window on this computer.</p>
    </SettingsSection>
  )
}
