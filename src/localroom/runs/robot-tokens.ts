/**
 * The tokens robots call the robot-side work item API with (RC_API_WORKITEM_TOKEN and
 * RC_API_PROCESS_TOKEN). One random token per step run, kept only as its sha256 in memory: it ends
 * with its step run (revoke) or with the room, and it reaches only its own step run's items.
 */
import { createHash, randomBytes } from 'node:crypto'

/** What a token proves: the step run it was issued to, and where that step run belongs. */
export interface RobotGrant {
  stepRunId: string
  processRunId: string
  processId: string
  workspaceId: string
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

/** The live tokens of one room. */
export class RobotTokens {
  private readonly grants = new Map<string, RobotGrant>()
  private readonly byStepRun = new Map<string, string>()

  /** Issues the token of a step run (replacing an earlier one of the same step run). */
  issue(grant: RobotGrant): string {
    this.revoke(grant.stepRunId)
    const token = randomBytes(32).toString('base64url')
    const digest = hash(token)
    this.grants.set(digest, grant)
    this.byStepRun.set(grant.stepRunId, digest)
    return token
  }

  /** The grant of a live token, or undefined. */
  find(token: string): RobotGrant | undefined {
    return this.grants.get(hash(token))
  }

  /** Ends a step run's token (the step run ended). */
  revoke(stepRunId: string): void {
    const digest = this.byStepRun.get(stepRunId)
    if (digest === undefined) return
    this.grants.delete(digest)
    this.byStepRun.delete(stepRunId)
  }
}
