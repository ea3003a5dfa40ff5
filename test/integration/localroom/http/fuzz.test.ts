/**
 * Bad input never becomes a 500: random bodies and queries against an in-process room. The suite
 * lives in room-suites.ts, which also runs it on a full disk.
 */
import { roomFixture } from '../../../support/room-fixture'
import { inputFuzzSuite } from '../../../support/room-suites'

inputFuzzSuite(roomFixture({ mode: 'in-process' }))
