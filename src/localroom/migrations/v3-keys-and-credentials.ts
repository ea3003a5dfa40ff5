/** Schema version 3: viewable API keys, user access credentials. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 3,
  description: 'viewable API keys, user access credentials',
  sql: `
    SELECT 1;
  `,
}
