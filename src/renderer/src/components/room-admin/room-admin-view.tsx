/**
 * The local Control Room's admin view: its sections as tabs (the processes, the robots, the API
 * keys, the owner's access credentials, the webhooks). Only the chosen section is mounted, so a
 * secret one of them shows (a new key's value, a webhook's secret) is dropped when another section
 * or view is chosen. The owner
 * credential every section needs stays in main.
 */
import { useId, useState } from 'react'
import { EmptyState } from '../feedback'
import { Panel } from '../panel'
import { ApiKeysSection } from './api-keys-section'
import { CredentialsSection } from './credentials-section'
import { RobotsSection } from './robots-section'
import { RoomProcesses } from './room-processes'
import { WebhooksSection } from './webhooks-section'
import './room-admin.css'
import './room-keys.css'

const TITLE = 'Local Control Room'

const SECTIONS = [
  { id: 'processes', label: 'Processes', Section: RoomProcesses },
  { id: 'robots', label: 'Robots', Section: RobotsSection },
  { id: 'api-keys', label: 'API keys', Section: ApiKeysSection },
  { id: 'credentials', label: 'User credentials', Section: CredentialsSection },
  { id: 'webhooks', label: 'Webhooks', Section: WebhooksSection },
] as const
type SectionId = (typeof SECTIONS)[number]['id']

interface RoomAdminViewProps {
  /** The local room's connection; undefined when the app has none. */
  connectionId: string | undefined
  /** The room's interactive API documentation (its Swagger UI), opened outside the window. */
  docsUrl?: string
}

export function RoomAdminView({ connectionId, docsUrl }: RoomAdminViewProps) {
  const [chosen, setChosen] = useState<SectionId>('processes')
  const ids = useId()
  if (!connectionId)
    return (
      <Panel title={TITLE} className="room-admin">
        <EmptyState title="No local Control Room">Robodeck is not connected to its local room.</EmptyState>
      </Panel>
    )
  const { Section } = SECTIONS.find((section) => section.id === chosen) ?? SECTIONS[0]
  const choose = (index: number) => {
    const next = SECTIONS[(index + SECTIONS.length) % SECTIONS.length] ?? SECTIONS[0]
    setChosen(next.id)
    document.getElementById(`${ids}-tab-${next.id}`)?.focus()
  }
  return (
    <Panel
      title={TITLE}
      className="room-admin"
      actions={
        <>
          <div className="room-admin__tabs" role="tablist" aria-label="Room sections">
            {SECTIONS.map((section, index) => (
              <button
                key={section.id}
                type="button"
                role="tab"
                id={`${ids}-tab-${section.id}`}
                aria-selected={section.id === chosen}
                aria-controls={`${ids}-panel`}
                tabIndex={section.id === chosen ? 0 : -1}
                className="room-admin__tab"
                onClick={() => setChosen(section.id)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowRight') choose(index + 1)
                  if (event.key === 'ArrowLeft') choose(index - 1)
                }}
              >
                {section.label}
              </button>
            ))}
          </div>
          {docsUrl && (
            // Opens in the browser: web mode's new tab, the desktop app's window-open handler.
            <a className="button button--small button--ghost" href={docsUrl} target="_blank" rel="noreferrer">
              API documentation
            </a>
          )}
        </>
      }
    >
      <div
        className="room-admin__section"
        role="tabpanel"
        id={`${ids}-panel`}
        aria-labelledby={`${ids}-tab-${chosen}`}
      >
        <Section key={chosen} connectionId={connectionId} />
      </div>
    </Panel>
  )
}
