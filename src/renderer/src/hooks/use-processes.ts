import type { ProcessListResult } from '../../../shared/domain'
import { bridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

const load = () => bridge.commands.processes.list({})

/** Processes of every connection, with the connections that could not be read. */
export const useProcesses = (): Query<ProcessListResult> => useBridgeQuery(load)
