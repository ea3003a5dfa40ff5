/** What a part of the run detail shows when the key is known to lack the permission it needs. */
export function PermissionNote({ what, reason }: { what: string; reason: string }) {
  return (
    <div className="banner banner--warning permission-note" data-permission-note>
      <div className="banner__text">
        <strong>{what} is not available.</strong> {reason}
      </div>
    </div>
  )
}
