/** What a GitHub failure means for the user: a warning that says what to change, or to wait. */
import type { IssueOutcome } from '../core/types.js'
import { describe } from './workflow-api.js'
import type { RateLimitHit } from './octokit.js'

export class DeadlineError extends Error {
  constructor(budgetMs: number) {
    super(
      `GitHub did not finish answering within ${budgetMs / 1000} s, (retries + 1) x timeout-seconds`
    )
  }
}

/** A warning that says what failed and what to change in the workflow. */
export function failure(what: string, err: unknown): string {
  const status = (err as { status?: unknown }).status
  const hint = isRateLimited(err)
    ? 'GitHub is rate-limiting this token: the next run will try again.'
    : status === 403 || status === 404
      ? 'Give the job permission to write issues: add "permissions: issues: write" to the workflow or the job (and, if github-token is set, use a token that can write issues in this repository).'
      : status === 401
        ? 'The github-token was refused: leave it at its default (${{ github.token }}) or give a valid token.'
        : status === 410
          ? 'Issues are disabled in this repository: enable them in Settings > General > Features, or set open-issue: false.'
          : status === 422
            ? 'GitHub rejected the issue fields: check issue-labels and issue-assignees (assignees must have access to the repository).'
            : 'GitHub may be unavailable or rate-limiting: the next run will try again.'
  return `Could not ${what} (${describe(err)}). ${hint} The keepalive result is unchanged.`
}

/** A 403 or 429 that is throttling (Retry-After, an exhausted quota, or GitHub saying so), not a missing permission. */
function isRateLimited(err: unknown): boolean {
  const { status, response, message } = err as {
    status?: unknown
    response?: { headers?: Record<string, string | undefined> }
    message?: unknown
  }
  if (status !== 403 && status !== 429) return false
  const headers = response?.headers ?? {}
  return (
    status === 429 ||
    headers['retry-after'] !== undefined ||
    headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(String(message))
  )
}

/** A rate limit whose wait would pass the run's GitHub deadline: which limit, and what happens now. */
export function rateLimitFailure(what: string, limit: RateLimitHit, budgetMs: number): string {
  const which =
    limit.kind === 'secondary'
      ? "GitHub's secondary rate limit (too many writes in a short time, e.g. from matrix legs or many tokens)"
      : "GitHub's primary rate limit (this token's hourly quota)"
  return (
    `Could not ${what}: ${which} asked to wait ${limit.waitSeconds} s, longer than this run's GitHub deadline of ${budgetMs / 1000} s allows. ` +
    'Nothing more was written to GitHub in this run; the next run updates the issues. The keepalive result is unchanged.'
  )
}

export function labelDroppedWarning(outcome: IssueOutcome, labels: readonly string[]): string {
  return (
    `Issue #${outcome.number} was created without the label "${labels[0]}": GitHub silently drops labels on issues created by an account without push access to the repository. ` +
    'The action finds its issues by that label, so it would open a new one on every run. Use a github-token that can push (the default token with "permissions: issues: write" can), then close the unlabelled issue.'
  )
}
