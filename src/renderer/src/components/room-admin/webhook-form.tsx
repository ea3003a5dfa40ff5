/**
 * A webhook's URL, scope and events, to add a webhook or edit one (its scope is then fixed). Checks
 * first that there is a URL and at least one event (named beside the field, nothing sent); whether
 * the URL is one the room sends to is the room's call, and its refusal is shown above the buttons
 * in its words, with the form kept. The legacy events are offered for workspace webhooks only.
 */
import { useId, useState } from 'react'
import type { RoomProcess } from '../../../../shared/room-admin'
import {
  PROCESS_WEBHOOK_EVENTS,
  ROOM_WEBHOOK_EVENTS,
  type RoomWebhookEvent,
  WEBHOOK_EVENT_LABELS,
} from '../../../../shared/room-webhooks'
import { useAction } from '../../hooks/use-action'
import { CheckboxField } from '../checkbox-field'
import { ErrorBanner } from '../feedback'
import { ActionButtons } from '../forms/action-buttons'
import { CheckedForm } from '../forms/checked-form'
import { ChoiceSelect } from '../forms/choice-select'
import { FormField } from '../forms/form-field'

export interface WebhookInput {
  endpoint: string
  events: RoomWebhookEvent[]
  processId?: string
}

interface WebhookFormProps {
  /** The form's accessible name, e.g. "New webhook". */
  title: string
  /** The processes a new webhook may be put on; undefined when editing (the scope stays). */
  processes?: readonly RoomProcess[] | undefined
  initial?: { endpoint: string; events: readonly string[]; processId: string | null }
  submit: string
  onSubmit(input: WebhookInput): Promise<unknown>
  onCancel(): void
}

export function WebhookForm({ title, processes, initial, submit, onSubmit, onCancel }: WebhookFormProps) {
  const [endpoint, setEndpoint] = useState(initial?.endpoint ?? '')
  const [processId, setProcessId] = useState(initial?.processId ?? '')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(initial?.events ?? ['process_run.completed']),
  )
  const [problems, setProblems] = useState<{ endpoint?: string; events?: string }>({})
  const action = useAction()
  const ids = useId()
  const offered: readonly RoomWebhookEvent[] = processId ? PROCESS_WEBHOOK_EVENTS : ROOM_WEBHOOK_EVENTS
  const events = offered.filter((event) => chosen.has(event))

  const send = async () => {
    const found = {
      ...(endpoint.trim() ? {} : { endpoint: 'Give the URL the room should send events to.' }),
      ...(events.length > 0 ? {} : { events: 'Choose at least one event.' }),
    }
    setProblems(found)
    if (found.endpoint || found.events) return
    await action.run(() =>
      onSubmit({ endpoint: endpoint.trim(), events, ...(processId ? { processId } : {}) }),
    )
  }
  const toggle = (name: string, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old)
      if (on) next.add(name)
      else next.delete(name)
      return next
    })

  return (
    <CheckedForm className="room-keys__form" aria-label={title} onSubmit={send}>
      <FormField
        className="room-webhooks__url"
        label="URL"
        value={endpoint}
        inputMode="url"
        maxLength={2048}
        placeholder="http://127.0.0.1:8977/hook"
        problem={problems.endpoint}
        onChange={(event) => setEndpoint(event.target.value)}
      />
      {processes && (
        <label className="room-keys__field" htmlFor={`${ids}-scope`}>
          Sends events of
          <ChoiceSelect
            id={`${ids}-scope`}
            value={processId}
            onChange={setProcessId}
            choices={[
              { value: '', label: 'the whole workspace' },
              ...processes.map((process) => ({ value: process.id, label: `process “${process.name}”` })),
            ]}
          />
        </label>
      )}
      <fieldset
        className="permission-picker"
        aria-describedby={problems.events ? `${ids}-events` : undefined}
      >
        <legend>Events</legend>
        {problems.events && (
          <span id={`${ids}-events`} className="room-keys__hint is-error">
            {problems.events}
          </span>
        )}
        {offered.map((name) => (
          <CheckboxField
            key={name}
            className="permission-picker__one"
            checked={chosen.has(name)}
            onChecked={(on) => toggle(name, on)}
            label={
              <>
                {WEBHOOK_EVENT_LABELS[name]} <code>{name}</code>
              </>
            }
          />
        ))}
      </fieldset>
      {action.error !== undefined && <ErrorBanner title="Not saved." error={action.error} />}
      <ActionButtons pending={action.pending} label={submit} busyLabel="Saving…" onCancel={onCancel} />
    </CheckedForm>
  )
}
