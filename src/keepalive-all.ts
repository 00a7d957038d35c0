/** Keeps many tokens alive, a few at a time, sharing connections and server info per server. */
import {
  SharedConnections,
  keepAlive,
  type KeepaliveHooks,
  type TokenResult,
  type TokenSettings
} from './keepalive.js'

export async function keepAliveAll(
  tokens: readonly TokenSettings[],
  concurrency: number,
  hooksFor: (token: TokenSettings) => KeepaliveHooks
): Promise<TokenResult[]> {
  const shared = new SharedConnections(tokens[0]?.timeoutMs ?? 30_000)
  try {
    return await mapConcurrently(tokens, concurrency, token =>
      keepAlive(token, hooksFor(token), shared)
    )
  } finally {
    shared.close()
  }
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
