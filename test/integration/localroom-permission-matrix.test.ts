/**
 * The permission matrix: for every API-key operation the room serves and every permission it needs,
 * a key lacking only that permission gets 403 naming it, and a key holding only it does not. The
 * permissions are the ones the official spec lists for each operation. The suite lives in
 * room-suites.ts, which also runs it on a full disk.
 */
import { inProcessRoom } from '../support/room-fixture'
import { permissionMatrixSuite } from '../support/room-suites'

permissionMatrixSuite(inProcessRoom())
