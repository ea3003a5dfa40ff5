/**
 * Noticing that the process that started the room has gone (the desktop app crashed, or was killed
 * with its room left behind), so that the room closes itself: its robots end and its runs are
 * settled, instead of running on with no one to stop them. On POSIX an orphan is re-parented, so its
 * ppid changes. Windows keeps the old ppid, so there the original parent is probed by its pid (a pid
 * the OS gave to a new process in the meantime would hide the loss; the poll keeps that window short).
 */

const DEFAULT_INTERVAL_MS = 1000

export interface ParentWatchOptions {
  intervalMs?: number
  /** The parent to watch; the current one by default. */
  ppid?: number
  platform?: NodeJS.Platform
  /** The current ppid (process.ppid); injectable for tests. */
  currentPpid?: () => number
  /** Whether a process with this pid exists (signal 0). */
  isAlive?: (pid: number) => boolean
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Calls onGone once, when the parent process has gone; returns a function that stops watching. */
export function watchParent(onGone: () => void, options: ParentWatchOptions = {}): () => void {
  const currentPpid = options.currentPpid ?? (() => process.ppid)
  const isAlive = options.isAlive ?? pidExists
  const parent = options.ppid ?? currentPpid()
  const windows = (options.platform ?? process.platform) === 'win32'
  const gone = () => (windows ? !isAlive(parent) : currentPpid() !== parent)
  const timer = setInterval(() => {
    if (!gone()) return
    clearInterval(timer)
    onGone()
  }, options.intervalMs ?? DEFAULT_INTERVAL_MS)
  // The watch alone never keeps the room running.
  timer.unref()
  return () => clearInterval(timer)
}
