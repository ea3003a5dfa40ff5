/**
 * The environment a robot runs with. Robots get an allowlist of the room's environment (what tools
 * need to find things and render text) plus the RC_* variables of their run, never the rest: the
 * room's environment can hold tokens and keys that a robot has no business seeing.
 */
import { delimiter } from 'node:path'

/** Parent variables a robot may inherit, compared upper-case (Windows names are case-insensitive). */
const INHERITED = new Set([
  'PATH',
  'PATHEXT',
  'HOME',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'USER',
  'USERNAME',
  'LOGNAME',
  'SHELL',
  'TEMP',
  'TMP',
  'TMPDIR',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TZ',
  'TERM',
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'PROGRAMFILES',
  'PROGRAMFILES(X86)',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
  // Desktop automation robots need the display.
  'DISPLAY',
  'WAYLAND_DISPLAY',
  'XAUTHORITY',
  'XDG_RUNTIME_DIR',
])

/** What robot.yaml adds to a robot's environment (absolute folders, extra variables). */
export interface RobotEnvExtras {
  /** Folders to put first on PATH (robot.yaml `PATH`). */
  pathEntries?: readonly string[]
  /** PYTHONPATH, in order (robot.yaml `PYTHONPATH`); the room's own PYTHONPATH is never inherited. */
  pythonPathEntries?: readonly string[]
  /** robot.yaml `env`; the run's RC_* variables win over it. */
  env?: Readonly<Record<string, string>>
}

/** Builds a robot's environment from the allowlisted parent variables, robot.yaml and the run's own variables. */
export function buildRobotEnv(
  parent: NodeJS.ProcessEnv,
  runVariables: Readonly<Record<string, string>>,
  extras: RobotEnvExtras | readonly string[] = {},
): Record<string, string> {
  const {
    pathEntries = [],
    pythonPathEntries = [],
    env: robotEnv = {},
  } = Array.isArray(extras) ? { pathEntries: extras as readonly string[] } : (extras as RobotEnvExtras)
  const env: Record<string, string> = {}
  let pathKey = 'PATH'
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || !INHERITED.has(name.toUpperCase())) continue
    env[name] = value
    if (name.toUpperCase() === 'PATH') pathKey = name
  }
  Object.assign(env, robotEnv)
  if (pathEntries.length > 0) {
    env[pathKey] = [...pathEntries, ...(env[pathKey] ? [env[pathKey]] : [])].join(delimiter)
  }
  if (pythonPathEntries.length > 0) env.PYTHONPATH = pythonPathEntries.join(delimiter)
  return { ...env, ...runVariables }
}
