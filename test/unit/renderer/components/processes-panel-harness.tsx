/**
 * The Processes panel over a fake bridge whose settings commands keep what they are sent, as main
 * does: for the tests of the rows' favourites and presets.
 */
import { render } from '@testing-library/react'
import type { BridgeError } from '../../../../src/renderer/src/bridge'
import { ProcessesPanel } from '../../../../src/renderer/src/components/processes-panel'
import { useProcesses } from '../../../../src/renderer/src/hooks/use-processes'
import type { ProcessSummary, RunSummary } from '../../../../src/shared/domain'
import type { AppSettings, Favourite, ProcessPreset } from '../../../../src/shared/settings'
import { createFakeBridge } from '../../../support/fake-bridge'
import { stubSettings } from '../../../support/fixtures'
import { providersFor } from '../wrapper'

function Harness({ runs }: { runs: RunSummary[] }) {
  return (
    <ProcessesPanel
      processes={useProcesses()}
      nameOf={(id) => id}
      isProduction={() => false}
      hasConnections
      runs={runs}
      onLaunched={() => {}}
    />
  )
}

/**
 * Renders the panel beside `runs` (the feed's); each list saved is kept in order, and `refusal`,
 * when given, refuses them all.
 */
export function renderWithSettings(
  processes: ProcessSummary[],
  initial: Partial<AppSettings>,
  refusal?: BridgeError,
  runs: RunSummary[] = [],
) {
  let settings: AppSettings = { ...stubSettings, ...initial }
  const saved = { favourites: [] as Favourite[][], presets: [] as ProcessPreset[][] }
  const keep = async (change: Partial<AppSettings>) => {
    if (refusal) throw refusal
    settings = { ...settings, ...change }
    return settings
  }
  const bridge = createFakeBridge({
    processes: { list: async () => ({ processes, failures: [] }) },
    settings: {
      get: async () => settings,
      setFavourites: async ({ favourites }) => {
        saved.favourites.push(favourites)
        return keep({ favourites })
      },
      setPresets: async ({ presets }) => {
        saved.presets.push(presets)
        return keep({ presets })
      },
    },
  })
  render(<Harness runs={runs} />, { wrapper: providersFor(bridge) })
  return { ...saved, bridge }
}
