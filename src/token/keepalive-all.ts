/**
 * Keeps many tokens alive, a few at a time, sharing connections and server info per server. The
 * results are the refreshed tokens in input order, then the tokens watched through them.
 */
import { keepAlive, type KeepaliveHooks } from './keepalive.js'
import type { TokenSettings } from './settings.js'
import { SharedConnections } from './connections.js'
import { mapConcurrently } from '../core/concurrency.js'
import type { TokenResult } from '../core/types.js'
import { DEFAULT_IDLE_DAYS } from '../core/expiry.js'
import { explainRejections } from './invalid-cause.js'
import { decide, siteKey } from './refresh-if-idle.js'

export async function keepAliveAll(
  tokens: readonly TokenSettings[],
  concurrency: number,
  hooksFor: (token: TokenSettings) => KeepaliveHooks
): Promise<TokenResult[]> {
  const shared = new SharedConnections(tokens[0]?.timeoutMs ?? 30_000)
  try {
    const refreshed = await refreshAll(tokens, concurrency, token =>
      keepAlive(token, hooksFor(token), shared)
    )
    // A rejected token's likely cause, from the token lists the monitoring tokens read.
    const idleDays = new Map(refreshed.map((result, i) => [result, tokens[i]!.idleDays]))
    explainRejections(refreshed, result => idleDays.get(result) ?? DEFAULT_IDLE_DAYS, new Date())
    return [...refreshed.map(withoutWatched), ...watchedOnce(refreshed)]
  } finally {
    shared.close()
  }
}

/**
 * Every token signed in with, a few at a time; with refresh-if-idle-hours, the first token of
 * each site first, and the others only when its token list shows them idle (refresh-if-idle.ts).
 */
async function refreshAll(
  tokens: readonly TokenSettings[],
  concurrency: number,
  signIn: (token: TokenSettings) => Promise<TokenResult>
): Promise<TokenResult[]> {
  const hours = tokens[0]?.refreshIfIdleHours
  if (hours === undefined) return mapConcurrently(tokens, concurrency, signIn)
  const firstOfSite = new Map<string, number>()
  tokens.forEach((token, i) => {
    if (!firstOfSite.has(siteKey(token))) firstOfSite.set(siteKey(token), i)
  })
  const results = new Array<TokenResult>(tokens.length)
  const monitors = [...firstOfSite.values()]
  const monitorResults = await mapConcurrently(monitors, concurrency, i => signIn(tokens[i]!))
  monitors.forEach((i, k) => (results[i] = monitorResults[k]!))
  const rest = tokens.map((_, i) => i).filter(i => results[i] === undefined)
  const now = new Date()
  const done = await mapConcurrently(rest, concurrency, async i => {
    const token = tokens[i]!
    const decision = decide(token, results[firstOfSite.get(siteKey(token))!], hours, now)
    if (!decision.signIn) return decision.result
    const result = await signIn(token)
    if (decision.notice) result.notices.push(decision.notice)
    return result
  })
  rest.forEach((i, k) => (results[i] = done[k]!))
  const server = results.find(result => result.platform !== 'cloud')
  if (server)
    server.warnings.push(
      `refresh-if-idle-hours: ${server.platform === 'server' ? 'Tableau Server' : 'Tableau Cloud Manager'} has no token list to tell recent use from, so every token there was signed in with.`
    )
  return results
}

function withoutWatched(result: TokenResult): TokenResult {
  const copy = { ...result }
  delete copy.watchedTokens
  return copy
}

/**
 * Each watched token once, and never one that is refreshed in this run: two monitoring tokens
 * of one owner list the same tokens, and a refreshed token shows in its owner's list.
 */
function watchedOnce(refreshed: readonly TokenResult[]): TokenResult[] {
  // Two users' tokens of the same name are two tokens. A refreshed token whose sign-in failed has
  // no known owner: it stands for a watched token of that name of any owner.
  const key = (result: TokenResult, owner = result.ownerId): string =>
    JSON.stringify([result.serverHost.toLowerCase(), result.site, result.tokenName, owner ?? ''])
  const seen = new Set(refreshed.map(result => key(result)))
  return refreshed
    .flatMap(result => result.watchedTokens ?? [])
    .filter(
      watched =>
        !seen.has(key(watched)) && !seen.has(key(watched, '')) && Boolean(seen.add(key(watched)))
    )
}
