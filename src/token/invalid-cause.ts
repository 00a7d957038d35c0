/**
 * Why Tableau rejected a token (status invalid, error 401001, which is the same answer for every
 * cause): told apart where the action knows more. On Tableau Cloud, a monitoring token that read
 * its owner's token list in this run shows whether the rejected token is still listed, and with
 * which deadlines. The monitoring token is taken to belong to the same owner, as watch-owner-tokens
 * is meant to be used: a token another user owns is never in the list.
 */
import { addDays, formatInstant, parseInstant } from '../core/expiry.js'
import type { InvalidCause, ListedToken, TokenResult } from '../core/types.js'

export interface Explanation {
  cause: InvalidCause
  /** One sentence for the message, the annotation, the summary and the issue. */
  because: string
}

/** Sets invalidCause (and says why in the message) on every rejected token of `results`. */
export function explainRejections(
  results: readonly TokenResult[],
  idleDaysOf: (result: TokenResult) => number,
  now: Date
): void {
  for (const result of results) {
    if (result.status !== 'invalid' || result.watched) continue
    const explanation = fromTokenLists(result, results, idleDaysOf(result), now)
    applyExplanation(result, explanation ?? { cause: 'unknown', because: '' })
  }
}

export function applyExplanation(result: TokenResult, { cause, because }: Explanation): void {
  result.invalidCause = cause
  if (because && !result.message.includes(because))
    result.message = `${result.message} Likely cause: ${because}`
}

/** What the token lists read in this run say of a rejected token of the same server and site. */
export function fromTokenLists(
  rejected: TokenResult,
  results: readonly TokenResult[],
  idleDays: number,
  now: Date
): Explanation | undefined {
  const lists = results.filter(
    other =>
      !other.watched &&
      other.watchList === 'read' &&
      other.listedTokens &&
      other.serverHost.toLowerCase() === rejected.serverHost.toLowerCase() &&
      other.site === rejected.site
  )
  if (lists.length === 0) return undefined
  const entry = lists
    .flatMap(other => other.listedTokens!)
    .find(listed => listed.tokenName === rejected.tokenName)
  const via = lists.map(other => `"${other.tokenName}"`).join(', ')
  if (!entry)
    return {
      cause: 'revoked-or-removed',
      because: `the token is not in its owner's token list (read through ${via}): it was revoked, or expired and was removed. Create a new PAT.`
    }
  return byDeadlines(entry, idleDays, now, via)
}

function byDeadlines(entry: ListedToken, idleDays: number, now: Date, via: string): Explanation {
  const expiresAt = parseInstant(entry.expiresAt)
  if (expiresAt && expiresAt <= now)
    return {
      cause: 'expired-date',
      because: `the token list (read through ${via}) shows it expired on ${formatInstant(expiresAt)}. Create a new PAT.`
    }
  const lastUsedAt = parseInstant(entry.lastUsedAt)
  const idleDeadline = lastUsedAt && addDays(lastUsedAt, idleDays)
  if (idleDeadline && idleDeadline <= now)
    return {
      cause: 'expired-idle',
      because: `the token list (read through ${via}) shows it was last used on ${formatInstant(lastUsedAt!)}, so it expired from disuse on ${formatInstant(idleDeadline)}. Create a new PAT.`
    }
  return {
    cause: 'secret-or-site',
    because: `the token is still listed (read through ${via}) and past no deadline, so the secret or the site is wrong: check token-secret and site.`
  }
}
