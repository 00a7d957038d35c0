import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport } from './http.js'

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

export type Sent =
  { res: HttpResponse; attempts: number } | { failure: TransportError; attempts: number }

/**
 * Sends with retries on network faults, 429 and 5xx. All attempts and waits together stay within
 * (retries + 1) x timeout: each attempt gets what is left, and a wait that would pass it ends the
 * retries. Returns the last answer, or the last failure; `debug` gets one line per attempt
 * (method, path, outcome, duration), never bodies.
 */
export async function sendWithRetries(
  transport: HttpTransport,
  request: HttpRequest,
  { retries, baseDelayMs, maxRetryAfterMs }: RetryPolicy,
  debug?: (line: string) => void,
  /** A caller's own deadline (a site walk's budget), when it comes sooner. */
  deadlineAt = Infinity
): Promise<Sent> {
  const deadline = Math.min(Date.now() + (retries + 1) * transport.timeoutMs, deadlineAt)
  for (let attempt = 0; ; attempt++) {
    const started = Date.now()
    let response: HttpResponse | undefined
    let failure: TransportError | undefined
    try {
      response = await transport.send({ ...request, timeoutMs: deadline - started })
    } catch (err) {
      failure = err instanceof TransportError ? err : new TransportError(String(err), 'EUNKNOWN')
    }
    const outcome = response ? `HTTP ${response.status}` : failure!.code
    debug?.(
      `${request.method} ${request.url.pathname} -> ${outcome} in ${Date.now() - started} ms${attempt > 0 ? ` (retry ${attempt})` : ''}`
    )
    const retryable = response
      ? isRetryableStatus(response.status)
      : isRetryableNetworkError(failure!.code)
    const retryAfter = parseRetryAfter(response?.retryAfter)
    const wait = retryAfter ?? backoffMs(attempt, baseDelayMs)
    const giveUp =
      !retryable ||
      attempt >= retries ||
      (retryAfter !== undefined && retryAfter > maxRetryAfterMs) ||
      Date.now() + wait >= deadline
    if (giveUp)
      return response
        ? { res: response, attempts: attempt + 1 }
        : { failure: failure!, attempts: attempt + 1 }
    await new Promise(resolve => setTimeout(resolve, wait))
  }
}
