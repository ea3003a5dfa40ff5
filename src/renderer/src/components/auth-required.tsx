/** Shown instead of the app when web mode cannot authenticate this page. */
import { AUTH_REQUIRED_MESSAGE } from '../bridge'
import './auth-required.css'

export function AuthRequired() {
  return (
    <main className="auth-required">
      <div className="auth-required__card" role="alert">
        <h1 className="auth-required__title">Robodeck</h1>
        <p className="auth-required__message">{AUTH_REQUIRED_MESSAGE}</p>
        <p className="auth-required__hint">
          Web mode prints an address ending in <code>#token=…</code> when it starts. Open that exact address;
          if web mode was restarted, use the new one it printed.
        </p>
      </div>
    </main>
  )
}
