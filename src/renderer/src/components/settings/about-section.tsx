/**
 * Settings › About: what is running (Robodeck, and Electron, Chrome and Node where main knows
 * them: web mode runs on Node alone) and how secrets are kept. Where the data is has its own
 * section (data-folder-section.tsx).
 */
import type { AppInfo } from '../../../../shared/domain'
import { secretStorageSummary } from './secret-storage-section'
import { SettingsSection } from './settings-section'

export function AboutSection({ info }: { info: AppInfo }) {
  const { electron, chrome, node } = info.versions
  const rows: [string, string | undefined][] = [
    ['Robodeck', `${info.version} (${info.mode === 'desktop' ? 'desktop app' : 'web mode'})`],
    ['Electron', electron],
    ['Chrome', chrome],
    ['Node.js', node],
    ['Secrets', secretStorageSummary(info)],
  ]
  return (
    <SettingsSection title="About">
      <dl className="settings-about">
        {rows.map(
          ([term, value]) =>
            value !== undefined && (
              <div key={term} className="settings-about__row">
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ),
        )}
      </dl>
    </SettingsSection>
  )
}
