/**
 * Tableau Server keeps a bounded number of refresh tokens, and deletes the least recently used
 * past the bound (Tableau KB, "the number of PATs that can be viewed and used is limited":
 * refresh_token.max_count_per_device 10, refresh_token.max_count_per_user 24). Whether a CI
 * runner counts as one device for REST sign-ins is not documented, so a run that signs in with
 * more than that says so.
 */
import { groupBy } from '../core/collections.js'
import type { TokenResult } from '../core/types.js'

export const MAX_PER_DEVICE = 10
export const MAX_PER_USER = 24

export function tokenCapWarnings(results: readonly TokenResult[]): string[] {
  const signedIn = results.filter(result => !result.watched && result.platform === 'server')
  const warnings: string[] = []
  for (const [server, tokens] of groupBy(signedIn, result => result.server.toLowerCase())) {
    if (tokens.length > MAX_PER_DEVICE)
      warnings.push(
        `${tokens.length} tokens signed in to Tableau Server ${server} in this run. Tableau Server keeps at most ${MAX_PER_DEVICE} per device by default (refresh_token.max_count_per_device) and deletes the least recently used past that; whether a runner counts as one device is not documented. Split the list across jobs of at most ${MAX_PER_DEVICE} tokens, or ask the Server admin to raise the limit.`
      )
    for (const [owner, ofUser] of groupBy(tokens, result => result.ownerId ?? '')) {
      if (owner && ofUser.length > MAX_PER_USER)
        warnings.push(
          `${ofUser.length} tokens of one user signed in to Tableau Server ${server}. Tableau Server keeps at most ${MAX_PER_USER} per user by default (refresh_token.max_count_per_user) and deletes the least recently used past that. Give that user fewer tokens, or ask the Server admin to raise the limit.`
        )
    }
  }
  return warnings
}
