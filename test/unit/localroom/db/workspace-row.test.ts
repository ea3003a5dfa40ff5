/** selectWorkspaceRow: a store's read by id finds a row only in its own workspace. */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { nowIso, openDatabase, run, selectWorkspaceRow } from '../../../../src/localroom/db/db'
import { seedIfEmpty } from '../../../../src/localroom/db/seed'
import { getApiKey } from '../../../../src/localroom/keys/key-store'
import { createApiKey } from '../../../../src/localroom/keys/keys'
import { createProcess, getProcess } from '../../../../src/localroom/processes/process-store'
import { tempDir } from '../../../support/temp-dir'

describe('selectWorkspaceRow', () => {
  it('answers a row of the workspace, and none for the same id asked in another workspace', async () => {
    const db = openDatabase(await tempDir())
    try {
      const home = seedIfEmpty(db)
      const other = randomUUID()
      run(
        db,
        'INSERT INTO workspaces (id, name, organization_id, organization_name, created_at) VALUES (?, ?, ?, ?, ?)',
        other,
        'Other',
        'org',
        'Org',
        nowIso(),
      )
      const { id: keyId } = createApiKey(db, { workspaceId: home, name: 'k', permissions: [] })
      expect(selectWorkspaceRow<{ name: string }>(db, 'api_keys', 'name', home, keyId)).toEqual({ name: 'k' })
      expect(selectWorkspaceRow(db, 'api_keys', 'name', other, keyId)).toBeUndefined()
      expect(selectWorkspaceRow(db, 'api_keys', 'name', home, randomUUID())).toBeUndefined()

      // The stores that read through it keep to the workspace too.
      expect(getApiKey(db, home, keyId)?.name).toBe('k')
      expect(getApiKey(db, other, keyId)).toBeUndefined()
      const processId = createProcess(db, {
        workspaceId: home,
        name: 'P',
        steps: [],
        defaultPayload: null,
        timeoutSeconds: null,
      })
      expect(getProcess(db, home, processId)?.name).toBe('P')
      expect(getProcess(db, other, processId)).toBeUndefined()
    } finally {
      db.close()
    }
  })
})
