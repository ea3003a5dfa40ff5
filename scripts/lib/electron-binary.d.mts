/** Types of electron-binary.mjs, for the tests that use it. */
export interface FoundBinary {
  path?: string
  reason?: string
  cause?: string
}
export function electronPackage(root: string): { dir: string; version: string }
export function installedBinary(root: string, env?: NodeJS.ProcessEnv): FoundBinary
export function binaryOnPath(root: string, env?: NodeJS.ProcessEnv): FoundBinary | undefined
export function downloadBinary(root: string, env?: NodeJS.ProcessEnv): Promise<FoundBinary>
export function ensureElectron(
  root: string,
  options?: { env?: NodeJS.ProcessEnv; onDownload?: (version: string) => void },
): Promise<FoundBinary>
