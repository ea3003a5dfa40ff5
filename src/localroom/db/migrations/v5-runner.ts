/** Schema version 5: workers, robot process ids for recovery, output work item files. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 5,
  description: 'workers, robot process ids for recovery, output work item files',
  sql: `
    -- The worker slot a step run ran on, and the process group id of its robot while it runs: a
    -- room killed with -9 leaves detached robots behind, and the next start ends them by this id.
    ALTER TABLE step_runs ADD COLUMN worker_id TEXT;
    ALTER TABLE step_runs ADD COLUMN pid INTEGER;
    CREATE INDEX step_runs_state ON step_runs(state);

    -- Files of a run's outputs (what the last step's robot attached to its output work items);
    -- content in <data>/work-item-files/<id>, like input item files.
    CREATE TABLE run_output_files (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      run_output_id TEXT NOT NULL REFERENCES run_outputs(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX run_output_files_output ON run_output_files(run_output_id, seq);
  `,
}
