/**
 * What the desktop app's main process tells its local room over the utility process's parent port,
 * beside the robot host's messages (src/main/desktop/robot-host.ts): only "shut down". A message
 * works on every OS, where a signal does not: on Windows UtilityProcess.kill() is TerminateProcess,
 * which gives the room no chance to stop its robots, settle its runs and flush its key-use counts.
 */
export const ROOM_SHUTDOWN = 'room.shutdown'

export interface RoomShutdownMessage {
  type: typeof ROOM_SHUTDOWN
}

export const roomShutdownMessage = (): RoomShutdownMessage => ({ type: ROOM_SHUTDOWN })

/** Whether a parent-port message's data asks the room to shut down. */
export function isRoomShutdown(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === ROOM_SHUTDOWN
}
