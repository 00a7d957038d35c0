/**
 * When to try a request again, and how long to wait. Only faults that say nothing about the token
 * are retried: network trouble, throttling (429) and server faults (5xx). A 4xx answer to a
 * sign-in is never retried: Tableau locks accounts after repeated failed sign-ins.
 */

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number
  /** First backoff; doubles with every attempt, with jitter. */
  baseDelayMs: number
  /** The longest Retry-After honoured; a longer one ends the retries. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 500,
  maxRetryAfterMs: 30_000
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET'
])

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501)
}

export function isRetryableNetworkError(code: string): boolean {
  return RETRYABLE_NETWORK_CODES.has(code)
}

/** Exponential backoff with jitter: between half and all of base x 2^attempt. */
export function backoffMs(
  attempt: number,
  baseDelayMs: number,
  random: () => number = Math.random
): number {
  return baseDelayMs * 2 ** attempt * (0.5 + random() / 2)
}

/** Retry-After as milliseconds to wait: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now()
): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (/^\d+$/.test(text)) return Number(text) * 1000
  if (!/[a-z]/i.test(text)) return undefined // neither seconds nor a date
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
