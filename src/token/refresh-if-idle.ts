/**
 * refresh-if-idle-hours: a sign-in with a PAT ends every other session of that PAT, so signing in
 * with a token that a job used minutes ago may cut that job off. A token used recently needs no
 * refresh anyway: that use restarted its idle clock. The first token of each Tableau Cloud site
 * (the monitoring token) signs in first; its owner's token list then tells, for each other token
 * of the run, when it was last used. Those used within the window are reported from the list and
 * not signed in with; the others, and every token the list does not show, are signed in as usual.
 */
import { parseInstant } from '../core/expiry.js'
import type { TokenResult } from '../core/types.js'
import type { TokenSettings } from './settings.js'
import { watchedResult } from './watch.js'

const HOUR_MS = 3_600_000

export type Decision = { signIn: true; notice?: string } | { signIn: false; result: TokenResult }

/** Where a token's site is: tokens of one site share the first one's list. */
export function siteKey(token: TokenSettings): string {
  return JSON.stringify([token.serverUrl.host.toLowerCase(), token.site])
}

/** Whether to sign in with `token`, given the result of the first token of its site. */
export function decide(
  token: TokenSettings,
  monitor: TokenResult | undefined,
  hours: number,
  now: Date
): Decision {
  if (!monitor || monitor.platform !== 'cloud') return { signIn: true } // Tableau Server has no list: said once, by the caller
  if (monitor.watchList !== 'read' || !monitor.listedTokens)
    return {
      signIn: true,
      notice: `refresh-if-idle-hours: the token list of "${monitor.tokenName}" could not be read, so "${token.tokenName}" was signed in with (a missed refresh is worse than a rare collision).`
    }
  const entry = monitor.listedTokens.find(listed => listed.tokenName === token.tokenName)
  const lastUsedAt = parseInstant(entry?.lastUsedAt)
  if (!entry || !lastUsedAt)
    return {
      signIn: true,
      notice: `refresh-if-idle-hours: "${token.tokenName}" is not in the token list of "${monitor.tokenName}"${entry ? ' with a last use' : ''}, so it was signed in with.`
    }
  const idleMs = now.getTime() - lastUsedAt.getTime()
  if (idleMs >= hours * HOUR_MS) return { signIn: true }
  const listed = watchedResult(
    entry,
    monitor,
    { ...token, selection: { all: true }, idleWarnDays: token.watch?.idleWarnDays ?? 3 },
    now
  )
  const ago = Math.max(0, Math.round(idleMs / 60_000))
  return {
    signIn: false,
    result: {
      ...listed,
      watched: false,
      refreshed: false,
      skipped: 'used-recently',
      message: `Not signed in: last used ${ago < 120 ? `${ago} minutes` : `${Math.round(ago / 60)} hours`} ago (${listed.lastUsedAt}), within refresh-if-idle-hours (${hours}), so that use already restarted its idle clock and no running job of it was cut off. ${listed.message}`
    }
  }
}
