/**
 * Watching the owner's other PATs from one sign-in (watch-owner-tokens): Tableau Cloud's token
 * list gives each token's expiry date and last use, so a dedicated monitoring PAT can tell when
 * each of its owner's production tokens will die, by date or by disuse, without signing in with
 * them (which would end their jobs' sessions). Plain functions; no requests.
 */
import { DAY_MS, addDays, daysUntil, formatInstant, parseInstant } from '../core/expiry.js'
import { statusForDaysLeft, worstStatus, type Thresholds } from '../core/status.js'
import type { TokenEntry } from '../tableau/responses.js'
import type { TokenResult } from '../core/types.js'

/** A last use this far ahead of the runner's clock is read as "just now": ordinary clock skew. */
export const CLOCK_SKEW_MS = 5 * 60_000

/** Every other token of the owner, or those whose names match one of the patterns. */
export type WatchSelection = { all: true } | { all: false; patterns: string[] }

export interface WatchOptions {
  selection: WatchSelection
  /** Warn when a watched token expires from disuse within this many days. */
  idleWarnDays: number
}

/** The absolute expiry of a watched token uses the thresholds of the token it is watched through. */
type WatchSettings = WatchOptions & Thresholds & { idleDays: number }

/** Whether the selection takes this token name: exact names, or globs with `*` and `?`. */
export function isWatched(selection: WatchSelection, tokenName: string): boolean {
  return selection.all || selection.patterns.some(pattern => globMatches(pattern, tokenName))
}

/**
 * `*` (any run, also empty) and `?` (one character) against the whole text, by code point. Two
 * pointers with one backtrack point (the last `*`): at most pattern x text steps, never the
 * exponential backtracking a regular expression of many `*` can fall into.
 */
export function globMatches(pattern: string, text: string): boolean {
  const p = Array.from(pattern)
  const t = Array.from(text)
  let i = 0 // in t
  let j = 0 // in p
  let star = -1 // position in p of the last `*` seen
  let resume = 0 // position in t that `*` has taken up to
  // Past the pattern's end p[j] is undefined, which is neither a wildcard nor a character.
  while (i < t.length) {
    if (p[j] === '?' || (p[j] !== '*' && p[j] === t[i])) {
      i++
      j++
    } else if (p[j] === '*') {
      star = j++
      resume = i
    } else if (star >= 0) {
      j = star + 1
      i = ++resume
    } else return false
  }
  while (p[j] === '*') j++
  return j === p.length
}

/**
 * The watched tokens of one token list: those the selection takes, except, in the signer's own
 * list, the signed-in token itself (which is refreshed, not watched), each as a result of its own.
 */
export function watchedResults(
  list: readonly TokenEntry[],
  signer: TokenResult,
  settings: WatchSettings,
  now: Date,
  signersOwnList = true
): TokenResult[] {
  return list
    .filter(entry => !signersOwnList || entry.tokenName !== signer.tokenName)
    .filter(entry => isWatched(settings.selection, entry.tokenName))
    .map(entry => watchedResult(entry, signer, settings, now))
}

export function watchedResult(
  entry: TokenEntry,
  signer: TokenResult,
  settings: WatchSettings,
  now: Date
): TokenResult {
  const warnings: string[] = []
  const read = (field: 'expiresAt' | 'lastUsedAt', unknown: string): Date | undefined => {
    const value = entry[field]
    const date = parseInstant(value)
    if (!date)
      warnings.push(
        value === undefined
          ? `The token list gives no ${field}: ${unknown} is unknown.`
          : `The token list gives "${value.slice(0, 40)}" as ${field}, which is not an existing date and time: ${unknown} is unknown.`
      )
    if (!date || field === 'expiresAt') return date
    // Tableau's clock and the runner's differ a little: a use just ahead was now, a use far
    // in the future is no use.
    if (date.getTime() - now.getTime() > CLOCK_SKEW_MS) {
      warnings.push(
        `The token list gives ${formatInstant(date)} as lastUsedAt, more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of this runner's clock (${formatInstant(now)}): ${unknown} is unknown.`
      )
      return undefined
    }
    return new Date(Math.min(date.getTime(), now.getTime()))
  }
  const expiresAt = read('expiresAt', 'the expiry date')
  const lastUsedAt = read('lastUsedAt', `the idle deadline (last use + ${settings.idleDays} days)`)
  const idleExpiresAt = lastUsedAt && addDays(lastUsedAt, settings.idleDays)
  const byDate = expiresAt && daysUntil(expiresAt, now)
  const byIdle = idleExpiresAt && daysUntil(idleExpiresAt, now)
  // An unknown idle deadline is no finding. ('' for either 'ok' is an equivalent mutant:
  // worstStatus ranks it below 'ok', and only 'critical' and 'warning' are read.)
  const idleStatus =
    idleExpiresAt === undefined
      ? // Stryker disable next-line StringLiteral: equivalent, see above
        'ok'
      : idleExpiresAt.getTime() <= now.getTime()
        ? 'critical'
        : byIdle! < settings.idleWarnDays
          ? 'warning'
          : // Stryker disable next-line StringLiteral: equivalent, see above
            'ok'
  const result: TokenResult = {
    tokenName: entry.tokenName,
    site: signer.site,
    server: signer.server,
    serverHost: signer.serverHost,
    platform: signer.platform,
    status: worstStatus([statusForDaysLeft(byDate, settings), idleStatus]),
    refreshed: false,
    watched: true,
    watchedBy: signer.tokenName,
    ...(signer.ownerId ? { ownerId: signer.ownerId } : {}),
    expirySource: 'token-list',
    apiVersion: signer.apiVersion,
    // Stryker disable next-line StringLiteral: equivalent, the message is written below
    message: '',
    warnings,
    notices: [],
    ...(expiresAt ? { expiresAt: formatInstant(expiresAt) } : {}),
    ...(lastUsedAt ? { lastUsedAt: formatInstant(lastUsedAt) } : {}),
    ...(idleExpiresAt ? { idleExpiresAt: formatInstant(idleExpiresAt) } : {})
  }
  const days = [byDate, byIdle].filter((d): d is number => d !== undefined)
  if (days.length) result.daysUntilExpiry = Math.min(...days)
  result.message = describeWatched(result, lastUsedAt, now, idleStatus, byDate, settings.idleDays)
  return result
}

function describeWatched(
  result: TokenResult,
  lastUsedAt: Date | undefined,
  now: Date,
  idleStatus: string,
  byDate: number | undefined,
  idleDays: number
): string {
  const ago = lastUsedAt && Math.max(0, Math.floor((now.getTime() - lastUsedAt.getTime()) / DAY_MS))
  const used = ago === undefined ? 'last use unknown' : `last used ${plural(ago)} ago`
  if (idleStatus === 'critical')
    return `Expired from disuse: ${used} (${result.lastUsedAt}), and a PAT unused for ${idleDays} days expires. It must be recreated: create a new PAT in Tableau and update the jobs that use it.`
  // Stryker disable next-line ConditionalExpression: equivalent, undefined < 0 is false too
  if (byDate !== undefined && byDate < 0)
    return `Expired on ${result.expiresAt}: create a new PAT in Tableau and update the jobs that use it.`
  const parts = [
    used,
    result.expiresAt
      ? `expires on ${result.expiresAt} (${plural(byDate!)} left)`
      : 'expiry date unknown',
    result.idleExpiresAt
      ? `expires from disuse on ${result.idleExpiresAt} unless it is used before`
      : 'idle deadline unknown'
  ]
  const advice =
    idleStatus === 'warning'
      ? ' Run a job that uses it (or sign in with it) before then.'
      : result.status === 'ok'
        ? ''
        : ' Create a new PAT in Tableau before then and update the jobs that use it.'
  return `Watched, not signed in: ${parts.join('; ')}.${advice}`
}

function plural(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`
}
