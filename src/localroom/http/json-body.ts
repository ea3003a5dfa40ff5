/**
 * The room's one way of turning a JSON request body into a value, shared by every scope that reads
 * JSON (the API scopes' parser in app.ts, the signed scopes' raw-body parser in credential-auth.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { checkBodyDepth } from './json-depth'

/** What a content-type parser reports back to fastify. */
type Done = (error: Error | null, body?: unknown) => void

/**
 * A parser for JSON text: blank text is "no body" (the spec makes some bodies optional, so
 * `Content-Type: application/json` with nothing after it is not a parse error); text that nests too
 * deep is a 400 naming the field, before anything is built from it; the rest goes to fastify's own
 * parser, which refuses `__proto__` and `constructor.prototype` keys.
 */
export function jsonBodyParser(instance: FastifyInstance) {
  const parseJson = instance.getDefaultJsonParser('error', 'error')
  return (request: FastifyRequest, text: string, done: Done): void => {
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    try {
      checkBodyDepth(text)
    } catch (error) {
      done(error as Error)
      return
    }
    parseJson(request, text, done)
  }
}
