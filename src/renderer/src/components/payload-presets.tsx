/**
 * A process's saved payloads: pick one to fill the payload editor, save the editor's payload under
 * a name (a name used already is replaced), delete the chosen one. Kept by main in the settings.
 */
import { useState } from 'react'
import type { JsonValue, ProcessSummary } from '../../../shared/domain'
import { errorMessage } from '../bridge'
import { usePresets } from '../hooks/use-presets'
import { ChoiceSelect } from './forms/choice-select'

interface PayloadPresetsProps {
  process: ProcessSummary
  /** The editor's payload as it parses now: only a valid, non-empty one can be saved. */
  payload: JsonValue | undefined
  /** Fills the editor with a preset's payload, as text. */
  onApply(text: string): void
}

export function PayloadPresets({ process, payload, onApply }: PayloadPresetsProps) {
  const presets = usePresets(process)
  const [chosen, setChosen] = useState('')
  const [name, setName] = useState('')
  const chosenExists = presets.list.some((p) => p.name === chosen)
  const saveBlocked =
    payload === undefined ? 'Type a valid payload to save it.' : !name.trim() ? 'Name the preset.' : undefined

  const save = async () => {
    if (payload === undefined || !name.trim()) return
    if (await presets.save(name, payload)) {
      setChosen(name.trim())
      setName('')
    }
  }

  return (
    <fieldset className="payload-presets">
      <legend className="payload-presets__legend">Presets</legend>
      <ChoiceSelect
        label={`Preset for ${process.name}`}
        value={chosenExists ? chosen : ''}
        disabled={presets.list.length === 0}
        onChange={(value) => {
          const preset = presets.list.find((p) => p.name === value)
          setChosen(value)
          if (preset) onApply(JSON.stringify(preset.payload, null, 2))
        }}
        choices={[
          { value: '', label: presets.list.length === 0 ? 'No presets yet' : 'Choose a preset…' },
          ...presets.list.map((preset) => ({ value: preset.name, label: preset.name })),
        ]}
      />
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={!chosenExists || presets.pending}
        onClick={() => void presets.remove(chosen)}
      >
        {chosenExists ? `Delete “${chosen}”` : 'Delete'}
      </button>
      <input
        className="input input--small"
        aria-label={`New preset name for ${process.name}`}
        placeholder="Preset name"
        maxLength={80}
        value={name}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void save()
        }}
      />
      <button
        type="button"
        className="button button--small"
        disabled={saveBlocked !== undefined || presets.pending}
        title={saveBlocked}
        onClick={save}
      >
        Save preset
      </button>
      {presets.error !== undefined && (
        <p className="payload__error" role="alert">
          Could not change the presets: {errorMessage(presets.error)}
        </p>
      )}
    </fieldset>
  )
}
