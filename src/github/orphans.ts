/**
 * Which open issue belongs to which token of this run, and what becomes of the rest: an issue is
 * closed as orphaned only when no run could still be checking its token.
 */
import { DAY_MS } from '../core/expiry.js'
import type { TokenResult } from '../core/types.js'
import { type OrphanReason } from './issue-text.js'
import { identityOf, tokenIdentity, type IssueState } from './issue-marker.js'
import type { OpenIssue } from './issue-list.js'

/**
 * An issue whose token no run has checked for this long is an orphan. At least a week, so a
 * weekly schedule, a matrix leg or another job of the workflow always checks again in time; at
 * most 15 days, the PAT idle limit, after which the token is dead anyway.
 */
export const MIN_GRACE_DAYS = 7
export const MAX_GRACE_DAYS = 15

export function graceDays(scheduleGapDays: number | undefined): number {
  return Math.min(MAX_GRACE_DAYS, Math.max(MIN_GRACE_DAYS, scheduleGapDays ?? 0))
}

export interface Claimer {
  /** The open issue for this token, if any; each issue is given to one token at most. */
  (id: string, token: string, idsOfThisRun: ReadonlySet<string>): OpenIssue | undefined
  /** Issues of `workflow` that no token of this run claimed. */
  unclaimed(workflow: string): OpenIssue[]
}

/**
 * Which issue belongs to which token. A workflow only takes issues whose marker names it, or
 * names no workflow (markers written before 1.1.0, adopted by the first workflow that checks
 * their token); with no known workflow, any. A token takes the issue with its id, or else one
 * with its site and name whose server host is not checked in this run (server-url changed).
 */
export function claimer(open: readonly OpenIssue[], workflow: string | undefined): Claimer {
  const claimed = new Set<OpenIssue>()
  const candidates = open.filter(
    issue => !workflow || !issue.state.workflow || issue.state.workflow === workflow
  )
  // Issues of this workflow first, so an adopted legacy issue never wins over our own.
  candidates.sort(
    (a, b) => Number(b.state.workflow === workflow) - Number(a.state.workflow === workflow)
  )
  const take = (issue: OpenIssue | undefined): OpenIssue | undefined => {
    if (issue) claimed.add(issue)
    return issue
  }
  const claim: Claimer = (id, token, idsOfThisRun) =>
    take(
      candidates.find(issue => !claimed.has(issue) && issue.state.id === id) ??
        candidates.find(
          issue =>
            !claimed.has(issue) && issue.state.token === token && !idsOfThisRun.has(issue.state.id)
        )
    )
  claim.unclaimed = owner =>
    candidates.filter(issue => !claimed.has(issue) && issue.state.workflow === owner)
  return claim
}

export interface OrphanPolicy {
  /** Only scheduled runs close orphans: a manual, push or pull-request run may check a subset. */
  scheduled: boolean
  graceDays: number
  now: Date
}

/**
 * What to do with an open issue of this workflow that no token of this run claimed. It is closed
 * only when no run could still be checking its token:
 * - a watched token whose signer failed in this run (sign-in or list) is left: that may pass;
 * - so is one whose signer's site walk was incomplete: it may be among the users not read;
 * - a watched token gone from its owner's list, read in this run, is closed;
 * - any other is closed once no run has checked it for the grace period (other matrix legs,
 *   steps and jobs of the workflow check their tokens far more often than that);
 * - a marker with no last-checked time (before 1.1.0) is stamped with now, never closed at once.
 */
export function orphanDecision(
  orphan: { state: IssueState },
  results: readonly TokenResult[],
  { scheduled, graceDays, now }: OrphanPolicy
): OrphanReason | 'leave' | 'stamp' {
  const { state } = orphan
  const signer = state.via
    ? results.find(result => !result.watched && identityOf(result) === state.via)
    : undefined
  if (signer && (signer.watchList !== 'read' || signer.siteWatch === 'incomplete')) return 'leave'
  const listed = signer?.listedTokens ?? []
  if (
    scheduled &&
    signer &&
    !listed.some(({ tokenName }) => tokenIdentity(signer.site, tokenName) === state.token)
  )
    return { kind: 'not-listed', via: signer.tokenName }
  if (!state.checked) return 'stamp'
  if (!scheduled || now.getTime() - Date.parse(state.checked) < graceDays * DAY_MS) return 'leave'
  return { kind: 'not-checked', checked: state.checked, graceDays }
}
