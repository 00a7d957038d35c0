/** A token's expiry: from the sign-in answer or the token list, into the result's status and message. */
import {
  DAY_MS,
  daysUntil,
  formatInstant,
  parseInstant,
  parseTimeToExpiration
} from '../core/expiry.js'
import { statusForDaysLeft, type Thresholds } from '../core/status.js'
import type { ExpirySource, Platform, TokenResult } from '../core/types.js'
import { PLATFORM_LABELS } from '../tableau/platform.js'
import type { SignInAnswer, TokenEntry } from '../tableau/responses.js'
import { TOKEN_LIST_VERSION, compareVersions } from './versions.js'
import { messageOf } from '../core/error-text.js'

export interface Expiry {
  expiresAt?: Date
  source: ExpirySource
}

/** An expiry the user configured, for servers that report none (Tableau Server). */
export interface ConfiguredExpiry {
  expiresAt: Date
  /** Which inputs gave it, for the messages. */
  from: string
}

export async function readExpiry(
  listTokens: () => Promise<TokenEntry[]>,
  session: SignInAnswer,
  signedInAt: Date,
  platform: Platform,
  result: TokenResult
): Promise<Expiry> {
  const left = parseTimeToExpiration(session.estimatedTimeToExpiration)
  if (left !== undefined)
    return { expiresAt: new Date(signedInAt.getTime() + left), source: 'sign-in' }
  if (session.estimatedTimeToExpiration !== undefined) {
    result.warnings.push(
      `Tableau reported the token's remaining time (estimatedTimeToExpiration) as "${session.estimatedTimeToExpiration.slice(0, 40)}", which is not days:hours:minutes with hours under 24 and minutes under 60; ignored it.`
    )
  }
  if (platform !== 'cloud') return { source: 'none' }
  if (compareVersions(result.apiVersion, TOKEN_LIST_VERSION) < 0) {
    result.warnings.push(
      `Expiry unknown: listing tokens needs REST API ${TOKEN_LIST_VERSION}, and this site reports ${result.apiVersion}.`
    )
    return { source: 'none' }
  }
  try {
    const tokens = await listTokens()
    const mine = tokens.find(token => token.tokenName === result.tokenName)
    const expiresAt = parseInstant(mine?.expiresAt)
    if (expiresAt) return { expiresAt, source: 'token-list' }
    result.warnings.push(
      mine
        ? `Expiry unknown: the token list gives "${(mine.expiresAt ?? '').slice(0, 40)}" as the expiresAt of "${result.tokenName}", which is not an existing date and time.`
        : `Expiry unknown: the token list of this user has no token named "${result.tokenName}" (${tokens.length} listed).`
    )
  } catch (err) {
    result.warnings.push(`Expiry unknown: ${messageOf(err)}`)
  }
  return { source: 'none' }
}

/**
 * The expiry a server reported wins over a configured one; a disagreement of a day or more is
 * said in a notice. With none reported, the configured one is used, named as such.
 */
export function withConfigured(
  reported: Expiry,
  configured: ConfiguredExpiry | undefined,
  result: TokenResult
): Expiry {
  if (!configured) return reported
  if (!reported.expiresAt) return { expiresAt: configured.expiresAt, source: 'configured' }
  if (Math.abs(reported.expiresAt.getTime() - configured.expiresAt.getTime()) >= DAY_MS)
    result.notices.push(
      `Tableau reports that the token expires on ${formatInstant(reported.expiresAt)}, your configuration (${configured.from}) says ${formatInstant(configured.expiresAt)}: the reported date is used.`
    )
  return reported
}

export function applyExpiry(
  result: TokenResult,
  expiry: Expiry,
  now: Date,
  thresholds: Thresholds & { idleDays: number }
): void {
  result.expirySource = expiry.source
  if (expiry.expiresAt) {
    result.expiresAt = formatInstant(expiry.expiresAt)
    result.daysUntilExpiry = daysUntil(expiry.expiresAt, now)
  }
  // A token that just signed in has not expired, whatever "0:0:0" rounds to: it expires today.
  const expiresToday =
    result.refreshed && result.daysUntilExpiry !== undefined && result.daysUntilExpiry < 1
  if (expiresToday) result.daysUntilExpiry = 0
  result.status = expiresToday ? 'critical' : statusForDaysLeft(result.daysUntilExpiry, thresholds)
  result.message = describeExpiry(result, thresholds.idleDays)
}

function describeExpiry(result: TokenResult, idleDays: number): string {
  const days = result.daysUntilExpiry
  if (days === undefined) {
    return `Token refreshed; ${PLATFORM_LABELS[result.platform]} does not say when it expires. Use it again before ${result.refreshBy} (${idleDays}-day idle limit).`
  }
  const whence =
    result.expirySource === 'configured'
      ? 'by your configuration'
      : `from the ${result.expirySource}`
  if (days < 0)
    return `Token expired on ${result.expiresAt}${result.expirySource === 'configured' ? ' by your configuration' : ''}.`
  if (days === 0)
    return `Token refreshed, but it expires now or within the day (at ${result.expiresAt}, ${whence}).`
  return `Token refreshed; it expires on ${result.expiresAt} (${days} ${days === 1 ? 'day' : 'days'} left, ${whence}).`
}
