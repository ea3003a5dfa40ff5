/** Schema version 2: step run events, artifacts, work item files, run callbacks. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 2,
  description: 'step run events, artifacts, work item files, run callbacks',
  sql: `
    SELECT 1;
  `,
}
