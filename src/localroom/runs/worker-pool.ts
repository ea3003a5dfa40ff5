/**
 * The room's workers: a fixed number of slots, one step run each. A step run that finds no free
 * slot waits in `awaiting_worker`, first come first served. The API shows one worker per slot.
 */

/** Default number of step runs that run at once. */
export const DEFAULT_WORKERS = 2

/** One slot as the API shows it (the spec's WorkerResource). */
export interface WorkerInfo {
  id: string
  name: string
  state: 'idle' | 'busy'
}

interface Waiter {
  key: string
  grant: (workerId: string) => void
  refuse: (error: Error) => void
}

/** Why a waiting step run did not get a worker. */
export class WaitCancelled extends Error {
  override name = 'WaitCancelled'
}

/** Fixed slots with a FIFO queue of waiting step runs. */
export class WorkerPool {
  private readonly busy = new Map<string, string>()
  private readonly queue: Waiter[] = []
  readonly ids: readonly string[]

  constructor(count: number) {
    // Ids are stable across restarts (slot numbers), so a step run's worker_id keeps meaning something.
    this.ids = Array.from({ length: Math.max(1, Math.trunc(count)) }, (_, i) => `local-worker-${i + 1}`)
  }

  /** Resolves with a worker id once one is free; rejects with WaitCancelled if cancel(key) is called first. */
  acquire(key: string): Promise<string> {
    const free = this.ids.find((id) => !this.busy.has(id))
    if (free && this.queue.length === 0) {
      this.busy.set(free, key)
      return Promise.resolve(free)
    }
    return new Promise((grant, refuse) => this.queue.push({ key, grant, refuse }))
  }

  /** Frees a worker and hands it to the longest waiting step run. */
  release(workerId: string): void {
    this.busy.delete(workerId)
    const next = this.queue.shift()
    if (!next) return
    this.busy.set(workerId, next.key)
    next.grant(workerId)
  }

  /** Takes a waiting step run out of the queue; false if it was not waiting. */
  cancel(key: string, reason = 'cancelled'): boolean {
    const index = this.queue.findIndex((waiter) => waiter.key === key)
    if (index < 0) return false
    const [waiter] = this.queue.splice(index, 1)
    waiter?.refuse(new WaitCancelled(reason))
    return true
  }

  /** Cancels every waiting step run. */
  cancelAll(reason: string): void {
    for (const waiter of this.queue.splice(0)) waiter.refuse(new WaitCancelled(reason))
  }

  /** Every worker with its state. */
  list(): WorkerInfo[] {
    return this.ids.map((id, index) => ({
      id,
      name: `Local worker ${index + 1}`,
      state: this.busy.has(id) ? 'busy' : 'idle',
    }))
  }
}
