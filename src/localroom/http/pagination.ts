/**
 * Cursor pagination as the spec describes it: `{next, has_more, data}`, where `next` is the full URL
 * of the following page. The cursor inside it is opaque to clients (base64url of the last row's
 * insert sequence), so pages stay stable while new rows arrive.
 */
import type { FastifyRequest } from 'fastify'
import { invalidRequest } from './errors'

/** Rows per page when the client gives no `limit`. */
export const DEFAULT_PAGE_LIMIT = 20
/** Largest page; a bigger `limit` is clamped to it rather than refused. */
export const MAX_PAGE_LIMIT = 100

/** The list envelope. */
export interface Page<T> {
  next: string | null
  has_more: boolean
  data: T[]
}

/** Encodes an insert sequence as a cursor. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url')
}

/** Decodes a cursor, or throws a 400 naming the parameter. */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const seq = /^s\d{1,16}$/.test(text) ? Number(text.slice(1)) : Number.NaN
  if (!Number.isSafeInteger(seq))
    throw invalidRequest('Invalid query parameter "cursor": not a cursor this server issued')
  return seq
}

/** Reads `limit` (a number per the spec; fractional values are truncated). */
export function pageLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_LIMIT
  const value = typeof raw === 'string' ? Number(raw) : Number.NaN
  if (!Number.isFinite(value) || value < 1) {
    throw invalidRequest('Invalid query parameter "limit": expected a number of at least 1')
  }
  return Math.min(Math.trunc(value), MAX_PAGE_LIMIT)
}

/**
 * Builds a page from `limit + 1` rows fetched newest first. `next` repeats the request's own query
 * (filters, limit) with the new cursor, on the origin the client used.
 */
export function buildPage<R extends { seq: number }, T>(
  request: FastifyRequest,
  fallbackOrigin: string,
  rows: R[],
  limit: number,
  toResource: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit
  const pageRows = hasMore ? rows.slice(0, limit) : rows
  const last = pageRows[pageRows.length - 1]
  let next: string | null = null
  if (hasMore && last) {
    const url = new URL(request.url, requestOrigin(request, fallbackOrigin))
    url.searchParams.set('cursor', encodeCursor(last.seq))
    next = url.toString()
  }
  return { next, has_more: hasMore, data: pageRows.map(toResource) }
}

/** The origin the client addressed (its Host header), when that is a plain host[:port]. */
export function requestOrigin(request: FastifyRequest, fallback: string): string {
  const host = request.host
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
    ? `${request.protocol}://${host}`
    : fallback
}

/**
 * Answers one page of a list: reads up to limit + 1 rows after the request's cursor through `read`
 * (the extra row says whether there is more), then builds the page.
 */
export function answerPage<R extends { seq: number }, T>(
  request: FastifyRequest,
  fallbackOrigin: string,
  query: { limit?: string; cursor?: string },
  read: (cursor: number | undefined, fetch: number) => R[],
  toResource: (row: R) => T,
): Page<T> {
  const limit = pageLimit(query.limit)
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  return buildPage(request, fallbackOrigin, read(cursor, limit + 1), limit, toResource)
}
