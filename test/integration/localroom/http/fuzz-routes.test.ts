/**
 * Malformed input to every operation the room declares: random path parameters, queries and bodies
 * (JSON of any shape, nested far too deep, near the size limit, bytes that are not JSON, the wrong
 * content type; see support/hostile-input.ts). Never a 5xx (but the spec's 501 for what is not
 * served), never a crash, and every error in the {"error":{"code","message"}} shape. The suite lives
 * in room-suites.ts, which also runs it on a full disk.
 */
import { roomFixture } from '../../../support/room-fixture'
import { routeFuzzSuite } from '../../../support/room-suites'

routeFuzzSuite(roomFixture({ mode: 'in-process' }))
