import type { AppInfo } from '../../../shared/domain'
import { bridge } from '../bridge'
import { type Query, useBridgeQuery } from './use-bridge-query'

const load = () => bridge.commands.app.info({})

/** Version, mode and whether secrets are stored securely on this system. */
export const useAppInfo = (): Query<AppInfo> => useBridgeQuery(load)
