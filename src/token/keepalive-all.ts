/**
 * Keeps many tokens alive, a few at a time, sharing connections and server info per server. The
 * results are the refreshed tokens in input order, then the tokens watched through them.
 */
import { keepAlive, type KeepaliveHooks, type TokenSettings } from './keepalive.js'
import { SharedConnections } from './connections.js'
import type { TokenResult } from '../core/types.js'
import { DEFAULT_IDLE_DAYS } from '../core/expiry.js'
import { explainRejections } from './invalid-cause.js'

export async function keepAliveAll(
  tokens: readonly TokenSettings[],
  concurrency: number,
  hooksFor: (token: TokenSettings) => KeepaliveHooks
): Promise<TokenResult[]> {
  const shared = new SharedConnections(tokens[0]?.timeoutMs ?? 30_000)
  try {
    const refreshed = await mapConcurrently(tokens, concurrency, token =>
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

/** Like Promise.all over `items.map(work)`, with at most `limit` in flight; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
