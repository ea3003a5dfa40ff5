/** The inbox's settings: the receiver and the signing secret. */
import { useState } from 'react'
import type { InboxStatus } from '../../../../shared/bridge-inbox'

/** The receiver: on or off, its port, its address, how full the inbox is. */
export function ReceiverSettings({
  status,
  pending,
  onConfigure,
}: {
  status: InboxStatus
  pending: boolean
  onConfigure(enabled: boolean, port?: number): Promise<void>
}) {
  const [port, setPort] = useState(String(status.port))
  const portNumber = Number(port)
  const portValid =
    port.trim() !== '' && Number.isInteger(portNumber) && portNumber >= 0 && portNumber <= 65535
  return (
    <form
      className="webhook-inbox__receiver"
      aria-label="Receiver"
      onSubmit={(event) => {
        event.preventDefault()
        if (portValid) void onConfigure(true, portNumber)
      }}
    >
      <label className="webhook-inbox__field">
        Port
        <input
          className="input input--small webhook-inbox__port"
          inputMode="numeric"
          value={port}
          aria-invalid={!portValid}
          onChange={(event) => setPort(event.target.value)}
        />
      </label>
      {status.address ? (
        <button
          type="button"
          className="button button--small"
          disabled={pending}
          onClick={() => void onConfigure(false)}
        >
          Stop receiver
        </button>
      ) : (
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={pending || !portValid}
        >
          Start receiver
        </button>
      )}
      {status.enabled && !status.address && (
        // On, but the port was taken: it would try again at the next start unless turned off.
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={pending}
          onClick={() => void onConfigure(false)}
        >
          Turn off
        </button>
      )}
      <output className="webhook-inbox__address" aria-label="Receiver address">
        {status.address ? <code>{status.address}</code> : status.enabled ? 'not listening' : 'off'}
      </output>
      {!portValid && (
        <span className="webhook-inbox__hint">A port is a whole number from 0 (any free one) to 65535.</span>
      )}
      {status.error && (
        <span className="webhook-inbox__hint webhook-inbox__hint--error" role="alert">
          {status.error}
        </span>
      )}
      <span className="webhook-inbox__hint">
        {status.count} of at most {status.maxCount} deliveries kept ({Math.ceil(status.bytes / 1024)} KiB of{' '}
        {Math.round(status.maxBytes / 1024 / 1024)} MiB); the oldest go first.
      </span>
    </form>
  )
}

/** The secret deliveries are checked with: entered, saved to the vault, never shown back. */
export function SecretSettings({
  status,
  pending,
  onSave,
}: {
  status: InboxStatus
  pending: boolean
  onSave(secret: string | null): Promise<void>
}) {
  const [secret, setSecret] = useState('')
  return (
    <form
      className="webhook-inbox__secret"
      aria-label="Signing secret"
      onSubmit={(event) => {
        event.preventDefault()
        if (!secret) return
        void onSave(secret).then(() => setSecret(''))
      }}
    >
      <label className="webhook-inbox__field">
        Secret
        <input
          className="input input--small"
          type="password"
          autoComplete="off"
          placeholder={
            status.secretSet ? 'set (enter a new one to replace it)' : 'the webhook’s shared secret'
          }
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
      </label>
      <button type="submit" className="button button--small" disabled={pending || !secret}>
        Save secret
      </button>
      {status.secretSet && (
        <button
          type="button"
          className="button button--small button--ghost"
          disabled={pending}
          onClick={() => void onSave(null)}
        >
          Forget secret
        </button>
      )}
      <span className="webhook-inbox__hint">
        {status.secretSet
          ? 'Signatures are checked with the saved secret.'
          : 'No secret: signatures are not checked.'}
      </span>
    </form>
  )
}
