/**
 * The Octokit that issue work uses: every attempt with its own timeout, all of them within one
 * deadline, and GitHub's rate limits waited out by @octokit/plugin-throttling as GitHub's "Best
 * practices for using the REST API" asks: Retry-After first, then x-ratelimit-reset, else a
 * minute; writes one at a time. A wait that would pass the deadline is not started: the request
 * fails, and `limit` says which limit and how long GitHub asked to wait.
 */
import { getOctokit } from '@actions/github'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { HttpClient } from '@actions/http-client'
import nodeFetch from 'node-fetch'
import { GITHUB_COM_API } from './workflow-api.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface RateLimitHit {
  kind: 'secondary' | 'primary'
  waitSeconds: number
}

/** A limit answered more often than this in a row is not waited out again in the same run. */
const MAX_LIMIT_RETRIES = 3
/**
 * Writes in a burst before each waits a second. GitHub: "If you are making a large number of
 * POST, PATCH, PUT, or DELETE requests, wait at least one second between each request."
 */
const WRITE_BURST = 10

/**
 * Octokit's default fetch is undici's, whose first request compiles its HTTP parser to
 * WebAssembly: about 0.25 s of CPU and 180 ms on every run that opens an issue. node-fetch speaks
 * node:http instead, through @actions/http-client's agent: the same route through https_proxy /
 * http_proxy / no_proxy as the Tableau requests. A redirect is refused, not followed: the API of
 * the running repository never redirects, and github-token goes to no other address.
 */
const proxyRoutes = new HttpClient('tableau-pat-keepalive')
const fetchOverNodeHttp = ((url: string, init: Parameters<typeof nodeFetch>[1]) =>
  nodeFetch(url, {
    ...init,
    redirect: 'error',
    agent: proxyRoutes.getAgent(url)
  })) as unknown as typeof fetch

export interface GitHubClient {
  octokit: Octokit
  /** Aborted once the run's GitHub budget is spent: every request ends by then. */
  deadline: AbortSignal
  /** The last rate limit that was not waited out because the wait would pass the deadline. */
  readonly limit: RateLimitHit | undefined
}

export function githubClient(
  token: string,
  { budgetMs, timeoutMs, apiUrl }: { budgetMs: number; timeoutMs: number; apiUrl?: string }
): GitHubClient {
  const deadline = AbortSignal.timeout(budgetMs)
  const deadlineAt = Date.now() + budgetMs
  let limit: RateLimitHit | undefined
  // Registered before the throttling plugin, so it runs inside it: a retried request gets a fresh
  // timeout rather than one that has been ticking through the wait.
  const attemptTimeout = (octokit: { hook: Octokit['hook'] }): void => {
    octokit.hook.before('request', options => {
      options.request = {
        ...options.request,
        signal: AbortSignal.any([deadline, AbortSignal.timeout(timeoutMs)])
      }
    })
  }
  const waitIfInTime =
    (kind: RateLimitHit['kind']) =>
    (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
      const fits =
        retryCount < MAX_LIMIT_RETRIES && Date.now() + retryAfter * 1000 + timeoutMs <= deadlineAt
      if (!fits) limit = { kind, waitSeconds: retryAfter }
      return fits
    }
  const octokit = getOctokit(
    token,
    {
      // As @actions/github reads it, but from the run's env rather than once as the module loads.
      baseUrl: apiUrl || GITHUB_COM_API,
      request: { fetch: fetchOverNodeHttp },
      throttle: {
        onSecondaryRateLimit: waitIfInTime('secondary'),
        onRateLimit: waitIfInTime('primary'),
        // One write at a time; a burst of writes, then one a second.
        write: new Bottleneck.Group({
          maxConcurrent: 1,
          reservoir: WRITE_BURST,
          reservoirIncreaseInterval: 1000,
          reservoirIncreaseAmount: 1,
          reservoirIncreaseMaximum: WRITE_BURST
        }),
        // GitHub documents no further spacing for writes that notify: the plugin's 3 s is not used.
        notifications: new Bottleneck.Group({ maxConcurrent: 1 })
      }
    },
    attemptTimeout,
    throttling
  )
  return {
    octokit,
    deadline,
    get limit() {
      return limit
    }
  }
}
