import type { BridgeApi } from '../../../shared/bridge'
import type { AppInfo } from '../../../shared/domain'
import { type Query, useBridgeQuery } from './use-bridge-query'

const load = (api: BridgeApi) => api.commands.app.info({})

/** Version, mode and whether secrets are stored securely on this system. */
export const useAppInfo = (): Query<AppInfo> => useBridgeQuery(['app.info'], load)
