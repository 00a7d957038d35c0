/**
 * What the schedule check concludes, and the sentence the summary and issues share about it:
 * small, so that the reports need not load the check itself (loaded only when it runs).
 */
import type { Annotation } from '../core/types.js'

export interface ScheduleVerdict {
  /** Longest gap between runs in whole days; undefined when no schedule is known. */
  gapDays?: number
  /** The next scheduled run, ISO-8601 UTC. */
  nextRun?: string
  annotations: Annotation[]
  /** CPU time the crons' evaluation took, in ms: a debug line, read by the benchmark. */
  evaluationCpuMs?: number
}

export const SCHEDULE_TITLE = 'Tableau PAT keepalive schedule'

/**
 * Said plainly when the next scheduled run comes after the idle deadline: the keepalive would
 * arrive too late. Shared by the issue and the job summary.
 */
export function lateRun(refreshBy: string | undefined, nextRun: string | undefined): string {
  if (!refreshBy || !nextRun || nextRun <= refreshBy) return ''
  return `The next scheduled run (${nextRun}) comes after refresh-by (${refreshBy}): the token can expire from disuse before the keepalive runs again. Schedule it at least weekly.`
}
