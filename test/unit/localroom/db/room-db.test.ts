/** The room's connection owns its caches: none is shared between rooms, and closing it leaves no timer behind. */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { dataVersion, openDatabase, run } from '../../../../src/localroom/db/db'
import { seedIfEmpty } from '../../../../src/localroom/db/seed'
import { createApiKey, findApiKey, recordKeyUse, unwrittenKeyUse } from '../../../../src/localroom/keys/keys'
import { StorageHealth } from '../../../../src/localroom/storage/storage-health'
import { tempDir } from '../../../support/temp-dir'

describe('RoomDb', () => {
  it('keeps its key lookups, key uses and write count to itself', async () => {
    const [a, b] = [openDatabase(await tempDir()), openDatabase(await tempDir())]
    try {
      const workspaceId = seedIfEmpty(a)
      const { id, key } = createApiKey(a, { workspaceId, name: 'k', permissions: [] })
      expect(findApiKey(a, key)?.id).toBe(id)
      expect(a.keys.lookups?.records.size).toBe(1)
      expect(b.keys.lookups).toBeUndefined()
      const before = dataVersion(b)
      run(a, `UPDATE workspaces SET name = ? WHERE id = ?`, randomUUID(), workspaceId)
      expect(dataVersion(b)).toBe(before)
      const storage = new StorageHealth({ dataDir: 'unused', log: () => {}, probe: () => {} })
      recordKeyUse(a, id, storage)
      expect(unwrittenKeyUse(a, id)?.count).toBe(1)
      expect(unwrittenKeyUse(b, id)).toBeUndefined()
      expect(a.keys.flushTimer).toBeDefined()
      storage.close()
    } finally {
      a.close()
      b.close()
    }
    // Closing the connection cancels its pending key-use write: nothing fires on a closed database.
    expect(a.keys.flushTimer).toBeUndefined()
    expect(a.statements.size).toBe(0)
  })
})
