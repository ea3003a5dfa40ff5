/**
 * The local room's robots, as Control Room's web UI lists them: each with where it came from (a
 * bundled sample, a zip, an imported folder), its tasks (one the room cannot run says why), its size,
 * when it was added and the processes using it; a robot imported from a folder or a zip; and Delete
 * after a confirmation. A robot a process uses cannot be deleted (the room refuses it): its button is
 * disabled, naming those processes.
 */
import type { RobotSource, RoomRobot } from '../../../../shared/room-robots'
import { type RoomRobots, usePathChooser, useRoomRobots } from '../../hooks/use-room-robots'
import { formatBytes, formatTimestamp } from '../../lib/format'
import { EmptyState, ErrorBanner, LoadingState } from '../feedback'
import { RemoveButton } from '../forms/remove-button'
import { RefreshButton } from '../panel'
import { RobotImportForm } from './robot-import-form'
import './room-robots.css'

const SOURCES: Record<RobotSource, string> = {
  bundled: 'Sample',
  package: 'Zip package',
  folder: 'Imported folder',
}

export function RobotsSection({ connectionId }: { connectionId: string }) {
  const admin = useRoomRobots(connectionId)
  const { robots } = admin
  const choosePath = usePathChooser()
  return (
    <div className="room-keys">
      <div className="room-keys__toolbar">
        <span className="room-keys__hint">
          Robots of the local Control Room: a process step runs one of their tasks.
        </span>
        <RefreshButton onClick={robots.reload} busy={robots.refreshing} label="Reload robots" />
      </div>
      <RobotImportForm onImport={admin.importRobot} choosePath={choosePath} />
      {robots.error !== undefined && (
        <ErrorBanner title="Could not read the room’s robots." error={robots.error} onRetry={robots.reload} />
      )}
      {robots.loading ? (
        <LoadingState label="Reading the room’s robots…" />
      ) : robots.data?.length ? (
        <ul className="room-keys__list" aria-label="Robots">
          {robots.data.map((robot) => (
            <RobotItem key={robot.id} robot={robot} remove={admin.remove} />
          ))}
        </ul>
      ) : (
        robots.error === undefined && <EmptyState title="The room has no robots." />
      )}
    </div>
  )
}

const quoted = (names: readonly string[]) => names.map((name) => `“${name}”`).join(', ')

function RobotItem({ robot, remove }: { robot: RoomRobot; remove: RoomRobots['remove'] }) {
  return (
    <li className="room-keys__item" aria-label={robot.name}>
      <div className="room-keys__head">
        <strong className="room-keys__name">{robot.name}</strong>
        <span className="chip">{SOURCES[robot.source]}</span>
      </div>
      <dl className="room-keys__facts">
        <dt>Added</dt>
        <dd>{formatTimestamp(robot.createdAt, Date.now())}</dd>
        {robot.size !== null && (
          <>
            <dt>Size</dt>
            <dd>{formatBytes(robot.size)}</dd>
          </>
        )}
        <dt>Used by</dt>
        <dd>{robot.usedBy.length ? quoted(robot.usedBy) : 'no process'}</dd>
      </dl>
      {robot.problem && <p className="room-keys__hint is-error">{robot.problem}</p>}
      {robot.tasks.length > 0 && (
        <ul className="room-robots__tasks" aria-label={`Tasks of ${robot.name}`}>
          {robot.tasks.map((task) => (
            <li key={task.name}>
              <span className="room-robots__task">{task.name}</span>
              {!task.runnable && (
                <span className="room-keys__hint"> — cannot run here: {task.problem ?? 'not runnable'}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="room-keys__buttons">
        <RemoveButton
          verb="Delete"
          kind="robot"
          name={robot.name}
          confirm="Delete robot"
          refusedBecause={
            robot.usedBy.length > 0
              ? `Used by ${quoted(robot.usedBy)}: delete those processes first.`
              : undefined
          }
          onConfirm={() => remove(robot.id)}
        >
          <p>
            {robot.source === 'bundled'
              ? 'The sample’s files stay with the app; the room forgets the robot.'
              : 'The room’s copy of its files is removed. This cannot be undone.'}
          </p>
        </RemoveButton>
      </div>
    </li>
  )
}
