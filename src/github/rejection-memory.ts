/**
 * What the action last recorded of a token, in the marker of its open issue, tells why Tableau
 * now rejects it: an idle deadline or an expiry date that has passed since, or, if neither has,
 * a token that was still valid then and was most likely revoked or had its secret changed.
 */
import { daysUntil, parseInstant } from '../core/expiry.js'
import type { Explanation } from '../token/invalid-cause.js'
import type { IssueState } from './issue-marker.js'

export function fromLastState(state: IssueState, now: Date): Explanation | undefined {
  const expires = parseInstant(state.expires)
  if (expires && expires <= now)
    return {
      cause: 'expired-date',
      because: `its expiry date, ${state.expires} (last recorded by this action), has passed. Create a new PAT.`
    }
  const refreshBy = parseInstant(state.refreshby)
  if (refreshBy && refreshBy <= now)
    return {
      cause: 'expired-idle',
      because: `its idle deadline passed on ${state.refreshby} (last recorded by this action): recreate it.`
    }
  const checked = parseInstant(state.checked)
  if (!checked || (state.status !== 'ok' && state.status !== 'warning')) return undefined
  const left = expires ? ` with ${daysUntil(expires, checked)} days left` : ''
  return {
    cause: 'revoked-or-removed',
    because: `it was valid on ${state.checked}${left}, and no deadline has passed since: most likely it was revoked, or its secret was changed.`
  }
}
