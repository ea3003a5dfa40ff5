/** Schema version 7: step configuration (Control Room's process editor) and items robots create through the API. */
import type { Migration } from '../migrations'

export const migration: Migration = {
  version: 7,
  description: 'step configuration, output work items created by robots through the robot-side API',
  sql: `
    -- Control Room's step settings. wait_for_previous 0: the step takes items as soon as the
    -- previous step releases them. parallel_executions: how many step runs of the step may run at
    -- once in one process run. env: JSON object of extra variables for the robot.
    -- work_item_adapter 'api': the robot talks to the room's robot-side work item API (what the stock
    -- robocorp-workitems does in Control Room); 'file': the room's file contract (FileAdapter paths).
    ALTER TABLE steps ADD COLUMN wait_for_previous INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE steps ADD COLUMN parallel_executions INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE steps ADD COLUMN env TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE steps ADD COLUMN work_item_adapter TEXT NOT NULL DEFAULT 'api'
      CHECK (work_item_adapter IN ('api', 'file'));
    -- Steps on the bundled samples keep the file contract they were written for (docs/localroom.md).
    UPDATE steps SET work_item_adapter = 'file' WHERE robot IN (SELECT id FROM robots WHERE source = 'bundled');

    -- An output item a robot created through the API: its input item (parent_id) and the step run
    -- that created it. It waits in 'pending' until its parent is released (or its step run ends),
    -- then becomes the next step's 'new' input; a last step's outputs become the run's outputs.
    ALTER TABLE work_items ADD COLUMN parent_id TEXT;
    ALTER TABLE work_items ADD COLUMN created_by_step_run_id TEXT;
    CREATE INDEX work_items_created_by ON work_items(created_by_step_run_id);
    CREATE INDEX work_items_run_step_state ON work_items(process_run_id, step_id, state, seq);
  `,
}
