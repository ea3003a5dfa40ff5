/**
 * Robots left running by a room that died (kill -9, crash): they run detached in their own process
 * group, so they outlive the room. The next start ends the groups it recorded, so no robot runs on
 * unattended. On Linux a group is only killed if one of its processes carries the step run's id in
 * its environment (a recycled pid must not take an unrelated program down); on Windows, where that
 * cannot be checked, leftovers are not killed.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** A recorded robot: its process group id and the step run it belonged to. */
export interface RecordedRobot {
  pid: number
  stepRunId: string
}

/** Kills the recorded robots' process trees that are still alive; returns how many were. */
export function killOrphanedRobots(robots: readonly RecordedRobot[]): number {
  let killed = 0
  for (const robot of robots) {
    if (!Number.isSafeInteger(robot.pid) || robot.pid <= 1) continue
    try {
      // Windows recycles pids quickly and there is no cheap way here to tell a robot from an
      // unrelated program that got its pid: leave it rather than risk ending someone else's work.
      if (process.platform === 'win32') continue
      process.kill(-robot.pid, 0)
    } catch {
      continue // The group is gone.
    }
    if (process.platform === 'linux' && !groupBelongsTo(robot)) continue
    try {
      process.kill(-robot.pid, 'SIGKILL')
      killed++
    } catch {
      // Ended between the check and the signal.
    }
  }
  return killed
}

/** Whether a process of the group has RC_ACTIVITY_RUN_ID=<step run id> in its environment. */
function groupBelongsTo(robot: RecordedRobot): boolean {
  const marker = `RC_ACTIVITY_RUN_ID=${robot.stepRunId}`
  let entries: string[]
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name))
  } catch {
    return true // No /proc to check with: trust the record.
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (pgrp !== robot.pid) continue
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
      if (environ.includes(marker)) return true
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return false
}
