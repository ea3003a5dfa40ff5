/** Schema version 6: robots (task packages, imported folders, bundled samples) and editable processes. */
import type { Migration } from '../migrations'

// A random version-4 UUID in SQL (migrations are plain SQL, and SQLite has no uuid function).
const UUID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
  || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
  || '-' || hex(randomblob(6)))`
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`

export const migration: Migration = {
  version: 6,
  description: 'robots (task packages, imported folders, bundled samples) and editable processes',
  sql: `
    -- A robot is a folder with a robot.yaml. 'bundled': a sample shipped with the app, stored as its
    -- folder name under the robots dir (the install folder can move); 'package' (a task package
    -- uploaded as a zip) and 'folder' (an imported local folder) live in <data>/robots/<id>/.
    -- tasks: JSON list of {name, runnable, problem?} read from robot.yaml when the content arrived.
    -- A task package has no content until its zip is uploaded (has_content 0, tasks []).
    CREATE TABLE robots (
      id TEXT PRIMARY KEY,
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('bundled', 'package', 'folder')),
      folder TEXT,
      has_content INTEGER NOT NULL DEFAULT 0,
      tasks TEXT NOT NULL DEFAULT '[]',
      size INTEGER,
      sha256 TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK ((source = 'bundled') = (folder IS NOT NULL))
    );
    CREATE INDEX robots_workspace ON robots(workspace_id, created_at);
    CREATE UNIQUE INDEX robots_bundled_folder ON robots(workspace_id, folder) WHERE source = 'bundled';

    -- Every folder name a step used becomes a bundled robot of the step's workspace, and the step
    -- refers to it by id from now on.
    INSERT INTO robots (id, workspace_id, name, source, folder, has_content, created_at, updated_at)
      SELECT ${UUID}, workspace_id, robot, 'bundled', robot, 1, ${NOW}, ${NOW}
      FROM (SELECT DISTINCT p.workspace_id, s.robot FROM steps s JOIN processes p ON p.id = s.process_id);
    UPDATE steps SET robot = (
      SELECT r.id FROM robots r JOIN processes p ON p.workspace_id = r.workspace_id
      WHERE p.id = steps.process_id AND r.source = 'bundled' AND r.folder = steps.robot
    );
    CREATE INDEX steps_robot ON steps(robot);

    -- A step removed from a process that has step runs is kept (its runs' history refers to it)
    -- with a negative position and removed_at set; only steps with removed_at NULL run.
    ALTER TABLE steps ADD COLUMN removed_at TEXT;

    -- Seconds a step's robot may run before it is stopped (NULL: no limit). Read by the runner.
    ALTER TABLE processes ADD COLUMN timeout_seconds INTEGER;
    ALTER TABLE processes ADD COLUMN updated_at TEXT;
    UPDATE processes SET updated_at = created_at;

    -- Which sample processes were seeded into a workspace, so a deleted sample is not seeded again.
    CREATE TABLE seeded_samples (
      workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      sample TEXT NOT NULL,
      seeded_at TEXT NOT NULL,
      PRIMARY KEY (workspace_id, sample)
    );
  `,
}
