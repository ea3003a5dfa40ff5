/**
 * The webhook outbox: the events a run's state change causes, written in the same transaction as
 * the change (callers run inside `atomically`), so an event is never lost to a crash nor sent for a
 * change that was rolled back. An event webhooks listen for is one webhook_events row, however many
 * webhooks (the sender makes each webhook's delivery in turn: delivery-store.ts); a run's callback
 * gets its delivery at once. One event has one id and one body, whoever receives it.
 */
import { randomUUID } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import { nowIso, RoomDb, run, selectAll, selectOne } from '../db/db'
import { type CallbackEvent, parseStoredCallback, type StoredCallback } from './callbacks'
import { originOf } from './endpoint-guard'
import { buildEnvelope, type Envelope, type EventName } from './envelope'

/** A receiver an event is queued for. */
interface Target {
  webhookId: string | null
  target: string
  endpoint: string
  secretSealed: string | null
}

interface RunFacts {
  id: string
  workspace_id: string
  process_id: string
  state: string
  duration: number | null
  callback: string | null
}

/** Queues process_run.started|completed|unresolved (and legacy process_run) for a run's change. */
export function queueRunEvent(db: DatabaseSync, runId: string, change: CallbackEvent): void {
  const runRow = selectOne<RunFacts>(
    db,
    'SELECT id, workspace_id, process_id, state, duration, callback FROM process_runs WHERE id = ?',
    runId,
  )
  if (!runRow) return
  const steps = selectAll<{ id: string; state: string; error_code: string | null }>(
    db,
    'SELECT id, state, error_code FROM step_runs WHERE process_run_id = ? ORDER BY seq',
    runId,
  )
  const ended = change !== 'started'
  const failedStep = steps.find((step) => step.state === 'failed')
  const payload = {
    workspaceId: runRow.workspace_id,
    processId: runRow.process_id,
    processRunId: runRow.id,
    robotRunId: steps[steps.length - 1]?.id ?? null,
    state: ended ? 'COMPL' : 'IP',
    duration: ended ? runRow.duration : null,
    result: ended ? (change === 'completed' ? 'success' : 'error') : null,
    ...(change === 'unresolved' ? { errorCode: failedStep?.error_code ?? 'unresolved' } : {}),
  }
  const action = ended ? 'END' : 'START'
  const event = `process_run.${change}` as const
  const callback = parseStoredCallback(runRow.callback)
  const callbackTargets = callback?.events.includes(change) ? [callbackTarget(runId, callback)] : []
  queue(db, runRow, buildEnvelope(event, action, payload), callbackTargets)
  queue(db, runRow, buildEnvelope('process_run', action, payload), [])
}

/** Queues the legacy robot_run_event START or END for a step run. */
export function queueStepRunEvent(db: DatabaseSync, stepRunId: string, action: 'START' | 'END'): void {
  const step = selectOne<{
    id: string
    state: string
    error_code: string | null
    duration: number | null
    state_updated_at: string
    workspace_id: string
    process_id: string
    process_run_id: string
  }>(
    db,
    `SELECT s.id, s.state, s.error_code, s.duration, s.state_updated_at, r.workspace_id, r.process_id,
            s.process_run_id
     FROM step_runs s JOIN process_runs r ON r.id = s.process_run_id WHERE s.id = ?`,
    stepRunId,
  )
  if (!step) return
  const seqNo =
    selectOne<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM step_run_events WHERE step_run_id = ?', stepRunId)
      ?.n ?? 0
  const ended = action === 'END'
  const payload = {
    workspaceId: step.workspace_id,
    processId: step.process_id,
    processRunId: step.process_run_id,
    robotRunId: step.id,
    seqNo,
    data: ended ? { state: step.state, errorCode: step.error_code } : null,
    timeStamp: step.state_updated_at,
    eventType: ended
      ? step.state === 'completed'
        ? 'step_run_completed'
        : 'step_run_failed'
      : 'step_run_started',
    state: ended ? 'COMPL' : 'IP',
    duration: ended ? step.duration : null,
    result: ended ? (step.state === 'completed' ? 'success' : 'error') : null,
  }
  queue(
    db,
    { workspace_id: step.workspace_id, process_id: step.process_id },
    buildEnvelope('robot_run_event', action, payload),
    [],
  )
}

/**
 * Queues an envelope: one webhook_events row when a webhook of the run's workspace (or its process)
 * listens for it (the sender makes each webhook's delivery when its turn comes), and a delivery for
 * each of `extra` (a run's callback). Nothing is written when no one listens.
 */
function queue(
  db: DatabaseSync,
  scope: { workspace_id: string; process_id: string },
  envelope: Envelope,
  extra: Target[],
): void {
  const nowMs = Date.now()
  // enabled_events is a JSON array of plain names: the quoted name appears in it exactly when the
  // webhook asked for the event (cheaper than json_each on every webhook for every event).
  const listening = selectOne<{ yes: number }>(
    db,
    `SELECT 1 AS yes FROM webhooks
     WHERE workspace_id = ?1 AND (process_id IS NULL OR process_id = ?2) AND disabled_at IS NULL
       AND instr(enabled_events, '"' || ?3 || '"') > 0
     LIMIT 1`,
    scope.workspace_id,
    scope.process_id,
    envelope.event,
  )
  if (listening) {
    run(
      db,
      `INSERT INTO webhook_events (id, workspace_id, process_id, event, action, body, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      envelope.id,
      scope.workspace_id,
      scope.process_id,
      envelope.event,
      envelope.action,
      JSON.stringify(envelope),
      new Date(nowMs).toISOString(),
    )
  }
  if (extra.length > 0) insertDeliveries(db, scope.workspace_id, envelope, extra, 'event', nowMs)
  else if (listening) wakeSender(db)
}

function callbackTarget(runId: string, callback: StoredCallback): Target {
  return {
    webhookId: null,
    target: `callback:${runId}`,
    endpoint: callback.url,
    secretSealed: callback.secretSealed,
  }
}

/** Writes one pending delivery per target, due now, and wakes the sender once the transaction commits. */
export function insertDeliveries(
  db: DatabaseSync,
  workspaceId: string,
  envelope: Envelope,
  targets: readonly Target[],
  kind: 'event' | 'redelivery' | 'test',
  nowMs = Date.now(),
): string[] {
  const body = JSON.stringify(envelope)
  const createdAt = nowIso()
  const ids = targets.map((target) => {
    const id = randomUUID()
    run(
      db,
      `INSERT INTO webhook_deliveries (id, event_id, workspace_id, webhook_id, target, endpoint, origin,
         secret_sealed, event, action, kind, body, state, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      id,
      envelope.id,
      workspaceId,
      target.webhookId,
      target.target,
      target.endpoint,
      originOf(target.endpoint),
      target.secretSealed,
      envelope.event,
      envelope.action,
      kind,
      body,
      nowMs,
      createdAt,
    )
    return id
  })
  wakeSender(db)
  return ids
}

/** A manual delivery (redelivery, test event) to one webhook, in a target of its own: it never waits in line. */
export function queueManualDelivery(
  db: DatabaseSync,
  input: {
    workspaceId: string
    webhookId: string
    endpoint: string
    envelope: Envelope
    kind: 'redelivery' | 'test'
  },
): string {
  const target = `manual:${randomUUID()}`
  const [id] = insertDeliveries(
    db,
    input.workspaceId,
    input.envelope,
    [{ webhookId: input.webhookId, target, endpoint: input.endpoint, secretSealed: null }],
    input.kind,
  )
  return id as string
}

function wakeSender(db: DatabaseSync): void {
  if (!(db instanceof RoomDb) || db.outboxListeners.size === 0) return
  // After the current synchronous transaction has committed (every room transaction is synchronous).
  setImmediate(() => {
    for (const listener of db.outboxListeners) listener()
  })
}

export type { EventName }
