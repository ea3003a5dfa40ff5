import type { BridgeApi } from '../../../shared/bridge'
import type { ProcessListResult } from '../../../shared/domain'
import { type Query, useBridgeQuery } from './use-bridge-query'

const load = (api: BridgeApi) => api.commands.processes.list({})

/** Processes of every connection, with the connections that could not be read. */
export const useProcesses = (): Query<ProcessListResult> => useBridgeQuery(['processes.list'], load)
