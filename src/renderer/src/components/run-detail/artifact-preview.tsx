/**
 * One artifact, previewed by kind: text and JSON as text, CSV as a table, images inline, an HTML
 * log in a frame with `sandbox=""` (no script, no forms, no navigation, an opaque origin) under its
 * own Content-Security-Policy that loads nothing from anywhere. Save as writes the whole file.
 */
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import {
  ARTIFACT_PREVIEW_BYTES,
  ARTIFACT_SAVE_BYTES,
  type ArtifactContent,
  type ArtifactSummary,
} from '../../../../shared/run-detail'
import { errorMessage, useBridge } from '../../bridge'
import { formatBytes } from '../../lib/format'
import { saveBytes } from '../../lib/save-file'
import { ErrorBanner, LoadingState } from '../feedback'
import { CsvTable } from './csv-table'

/** The policy the HTML frame's document gets: inline styles and data: images, nothing else. */
export const HTML_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/** The HTML artifact with the policy put first, so it applies before any of the file's own markup. */
export const sandboxedHtml = (html: string) =>
  `<!doctype html><meta http-equiv="Content-Security-Policy" content="${HTML_PREVIEW_CSP}">${html}`

interface ArtifactPreviewProps {
  connectionId: string
  artifact: ArtifactSummary
}

export function ArtifactPreview({ connectionId, artifact }: ArtifactPreviewProps) {
  const { api } = useBridge()
  const ref = { connectionId, stepRunId: artifact.stepRunId, artifactId: artifact.id }
  const preview = useQuery({
    queryKey: ['runs.artifact', connectionId, artifact.stepRunId, artifact.id],
    queryFn: () => api.commands.runs.artifact({ ...ref, purpose: 'preview' }),
    staleTime: Number.POSITIVE_INFINITY,
  })
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | undefined>()

  const save = async () => {
    setSaving(true)
    setSaveError(undefined)
    try {
      const file = await api.commands.runs.artifact({ ...ref, purpose: 'save' })
      if (file.truncated)
        setSaveError(
          `${file.name} is larger than ${formatBytes(ARTIFACT_SAVE_BYTES)}; Robodeck saves files up to that size.`,
        )
      else saveBytes(file.name, file.content, file.mediaType)
    } catch (error) {
      setSaveError(errorMessage(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="artifact-preview" data-artifact-name={artifact.name}>
      <div className="artifact-preview__bar">
        <span className="artifact-preview__name">{artifact.name}</span>
        <span className="artifact-preview__size">{formatBytes(artifact.size)}</span>
        <button
          type="button"
          className="button button--small"
          onClick={save}
          disabled={saving}
          // The visible words lead the name (WCAG 2.5.3): "Save as" is what a voice user says.
          aria-label={saving ? `Saving ${artifact.name}…` : `Save as… ${artifact.name}`}
        >
          {saving ? 'Saving…' : 'Save as…'}
        </button>
      </div>
      {saveError && (
        <p className="artifact-preview__error" role="alert">
          Could not save: {saveError}
        </p>
      )}
      {preview.isPending ? (
        <LoadingState label={`Loading ${artifact.name}…`} />
      ) : preview.error ? (
        <ErrorBanner
          title={`Could not preview ${artifact.name}.`}
          error={preview.error}
          onRetry={() => void preview.refetch()}
        />
      ) : (
        <PreviewBody file={preview.data} />
      )}
    </div>
  )
}

function PreviewBody({ file }: { file: ArtifactContent }) {
  const cut = file.truncated && file.kind !== 'image' && (
    <p className="artifact-preview__note">
      Showing the first {formatBytes(ARTIFACT_PREVIEW_BYTES)}; save the file to see all of it.
    </p>
  )
  switch (file.kind) {
    case 'csv':
      return (
        <>
          {cut}
          <CsvTable text={file.content} name={file.name} />
        </>
      )
    case 'json':
      return (
        <>
          {cut}
          <pre className="artifact-preview__text" data-preview-kind="json">
            {prettyJson(file.content)}
          </pre>
        </>
      )
    case 'text':
      return (
        <>
          {cut}
          <pre className="artifact-preview__text" data-preview-kind="text">
            {file.content}
          </pre>
        </>
      )
    case 'image':
      return file.content ? (
        <img
          className="artifact-preview__image"
          src={`data:${file.mediaType};base64,${file.content}`}
          alt={file.name}
        />
      ) : (
        <p className="artifact-preview__note">This image is too large to preview; save it to see it.</p>
      )
    case 'html':
      return (
        <>
          {cut}
          <p className="artifact-preview__note">
            Shown without its scripts; save the file to open it fully in a browser.
          </p>
          <iframe
            className="artifact-preview__frame"
            title={`${file.name} (sandboxed)`}
            sandbox=""
            srcDoc={sandboxedHtml(file.content)}
          />
        </>
      )
    default:
      return <p className="artifact-preview__note">No preview for this kind of file; use Save as.</p>
  }
}

/** JSON indented for reading; a cut or invalid file is shown as it came. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}
