/** Schema version 6: robots (task packages, imported folders, bundled samples) and editable processes. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 6,
  description: 'robots (task packages, imported folders, bundled samples) and editable processes',
  sql: `
    SELECT 1;
  `,
}
