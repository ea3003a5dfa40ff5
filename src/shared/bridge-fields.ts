/** The request fields every part of the bridge contract shares. */
import { z } from 'zod'

/** An id of a connection, process, run, key, delivery…: a non-empty string of bounded length. */
export const id = z.string().min(1).max(200)
/** The request of a command that takes nothing. */
export const emptyRequest = z.object({}).strict()
