/**
 * Settings › Data folder: where Robodeck keeps its settings, secrets and the local room's data,
 * with "Show in folder" (desktop) or "Copy path" (web mode). In the desktop app another folder can
 * be chosen for the next start, with the data moved there or the app starting empty there; web
 * mode says where its folder is set (`--data`). This start's notice (a move done or failed, a
 * chosen folder not usable) is shown first.
 */
import { useId, useState } from 'react'
import type { DataFolder, PickedDataFolder } from '../../../../shared/system-settings'
import { useAction } from '../../hooks/use-action'
import type { SystemSettings } from '../../hooks/use-system-settings'
import { ErrorBanner } from '../feedback'
import { SettingsSection } from './settings-section'

interface DataFolderSectionProps {
  folder: DataFolder
  actions: Pick<SystemSettings, 'pickDataFolder' | 'setDataFolder' | 'showDataFolder' | 'relaunch'>
}

/** What the next start does with the chosen folder, in a sentence. */
const nextStart = ({ path, move }: { path: string; move: boolean }) =>
  `From the next start Robodeck keeps its data in ${path}${move ? ', and moves your data there first' : ''}.`

export function DataFolderSection({ folder, actions }: DataFolderSectionProps) {
  const action = useAction()
  const [picked, setPicked] = useState<PickedDataFolder | null>(null)
  const [move, setMove] = useState(true)
  const [copied, setCopied] = useState(false)
  const pathId = useId()
  const choose = () =>
    action.run(async () => {
      const chosen = await actions.pickDataFolder()
      setPicked(chosen)
      setMove(chosen ? !chosen.holdsData : true)
    })
  const keep = (next: { path: string; move: boolean } | null) =>
    action.run(async () => {
      await actions.setDataFolder(next)
      setPicked(null)
    })

  return (
    <SettingsSection title="Data folder">
      {folder.notice && (
        <div
          className={`banner banner--${folder.notice.level === 'warning' ? 'warning' : 'info'}`}
          role="status"
        >
          <div className="banner__text">{folder.notice.message}</div>
        </div>
      )}
      <p className="settings-text">
        Robodeck keeps its settings, its secrets and the local Control Room’s data in one folder.
      </p>
      <div className="settings-folder">
        <label htmlFor={pathId}>Folder in use</label>
        <input id={pathId} className="input settings-folder__path" readOnly value={folder.path} />
        {folder.canShow ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => void action.run(actions.showDataFolder)}
          >
            Show in folder
          </button>
        ) : (
          <button
            type="button"
            className="button button--small"
            onClick={() =>
              void action.run(async () => {
                await navigator.clipboard.writeText(folder.path)
                setCopied(true)
              })
            }
          >
            Copy path
          </button>
        )}
        {copied && (
          <span className="settings-saved" role="status">
            Copied.
          </span>
        )}
      </div>
      {!folder.changeable && folder.fixedReason && <p className="settings-hint">{folder.fixedReason}</p>}
      {folder.changeable && folder.next && !picked && (
        <>
          <p className="settings-text" role="status">
            {nextStart(folder.next)}
          </p>
          <div className="settings-actions">
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() => void action.run(actions.relaunch)}
            >
              Restart now
            </button>
            <button type="button" className="button button--small" onClick={() => void keep(null)}>
              Keep the current folder
            </button>
          </div>
        </>
      )}
      {folder.changeable && picked && (
        <fieldset className="settings-choices settings-choices--column">
          <legend>Use {picked.path} from the next start</legend>
          {picked.holdsData ? (
            <p className="settings-text">
              It already holds Robodeck data: Robodeck will use that data as it is.
            </p>
          ) : (
            <>
              <label className="settings-check">
                <input type="radio" name="data-folder-move" checked={move} onChange={() => setMove(true)} />
                Move my data there: copied when Robodeck next starts, checked, then removed from here
              </label>
              <label className="settings-check">
                <input type="radio" name="data-folder-move" checked={!move} onChange={() => setMove(false)} />
                Start empty there: your data stays here, and choosing this folder again comes back to it
              </label>
            </>
          )}
          <div className="settings-actions">
            <button
              type="button"
              className="button button--small button--primary"
              disabled={action.pending}
              onClick={() => void keep({ path: picked.path, move: move && !picked.holdsData })}
            >
              Use this folder
            </button>
            <button type="button" className="button button--small" onClick={() => setPicked(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {folder.changeable && !picked && (
        <div className="settings-actions">
          <button
            type="button"
            className="button button--small"
            disabled={action.pending}
            onClick={() => void choose()}
          >
            Choose another folder…
          </button>
        </div>
      )}
      {action.error !== undefined && <ErrorBanner title="Not done." error={action.error} />}
    </SettingsSection>
  )
}
