/** Schema version 2: step run events, artifacts, work item files. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 2,
  description: 'step run events, artifacts, work item files',
  sql: `
    -- What happened to a step run, in order (the API's step run events).
    CREATE TABLE step_run_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      step_run_id TEXT NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
      timestamp TEXT NOT NULL,
      event_type TEXT NOT NULL
    );
    CREATE INDEX step_run_events_step_run ON step_run_events(step_run_id, seq);

    -- Files a step left in its artifacts dir, recorded when the step ends so that ids stay stable.
    -- path is relative to the data dir (the data dir may move).
    CREATE TABLE step_run_artifacts (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      step_run_id TEXT NOT NULL REFERENCES step_runs(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      path TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX step_run_artifacts_step_run ON step_run_artifacts(step_run_id, seq);

    -- Files attached to work items; content in <data>/work-item-files/<id>. A file is 'pending'
    -- from the upload request until its content arrives on the signed upload URL.
    CREATE TABLE work_item_files (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      work_item_id TEXT NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'completed')),
      created_at TEXT NOT NULL
    );
    CREATE INDEX work_item_files_item ON work_item_files(work_item_id, seq);

    CREATE INDEX work_items_workspace ON work_items(workspace_id, seq);
  `,
}
