/**
 * rpaframework's RPA.Robocorp.WorkItems, unmodified, in a Robot Framework robot against the room:
 * with no adapter variable set it uses its RobocorpAdapter with the RC_* variables, as in Control
 * Room, and the room shows its outputs (with files), its BUSINESS and APPLICATION failures, and the
 * item whose task failed, released by the library's listener with the failure's message. Needs a
 * Python that has rpaframework and robotframework, named by ROBODECK_TEST_PYTHON; skipped, naming
 * what is missing, where there is none (docs/localroom.md says how to build one).
 */
import { describe, expect, it } from 'vitest'
import {
  expectOrdersHandled,
  missingPython,
  ORDER_PAYLOADS,
  runToEnd,
  twoStepRobotRoom,
} from '../../../support/work-item-robot-runs'

const missing = missingPython('rpaframework and robotframework', ['RPA.Robocorp.WorkItems', 'robot'])

const TASKS_ROBOT = `
*** Settings ***
Library    Collections
Library    OperatingSystem
Library    RPA.Robocorp.WorkItems

*** Tasks ***
Process orders
    For Each Input Work Item    Process order

*** Keywords ***
Process order
    \${payload}=    Get Work Item Payload
    \${mode}=    Evaluate    $payload.get("mode")
    IF    $mode == "produce"
        Create File    order-\${payload}[order].txt    order \${payload}[order]
        Create Output Work Item    variables=\${{ {"order": $payload["order"]} }}
        ...    files=order-\${payload}[order].txt    save=\${True}
    ELSE IF    $mode == "business"
        Release Input Work Item    FAILED    exception_type=BUSINESS    code=INVALID_ORDER
        ...    message=Invalid ZIP code
    ELSE IF    $mode == "application"
        Release Input Work Item    FAILED    exception_type=APPLICATION    code=PORTAL_DOWN
        ...    message=The portal did not answer
    ELSE IF    $mode == "crash"
        Create Output Work Item    variables=\${{ {"order": $payload["order"], "partial": True} }}
        ...    save=\${True}
        Fail    No file with name: orders.xlsx
    ELSE
        \${read}=    Read Files Of Item
        Create Output Work Item    variables=\${{ {**$payload, "read": $read} }}    save=\${True}
    END

Read Files Of Item
    \${names}=    List Work Item Files
    \${read}=    Create Dictionary
    FOR    \${name}    IN    @{names}
        \${path}=    Get Work Item File    \${name}
        \${text}=    Get File    \${path}
        Set To Dictionary    \${read}    \${name}=\${text}
    END
    RETURN    \${read}
`

const { fixture, processId } = twoStepRobotRoom('stock-rpaframework', {
  'robot.yaml':
    'tasks:\n  Run:\n    shell: python -m robot --report NONE --outputdir output --logtitle "Task log" tasks.robot\n' +
    'artifactsDir: output\n',
  'tasks.robot': TASKS_ROBOT,
})

describe("rpaframework's RPA.Robocorp.WorkItems", () => {
  it.skipIf(missing !== null)(
    `reports outputs, failures and a failed task as Control Room does${missing ? ` [skipped: ${missing}]` : ''}`,
    async () => {
      const result = await runToEnd(fixture, processId(), ORDER_PAYLOADS)
      expectOrdersHandled(result, {})
      // The library's listener releases the input of a failed task with the failure's message.
      expect(result.byMode('crash')).toMatchObject({
        state: 'failed',
        exception: { type: 'application', code: '', message: 'No file with name: orders.xlsx' },
      })
      expect(result.consoles[0]).toMatch(/No file with name: orders\.xlsx/)
    },
    90_000,
  )
})
