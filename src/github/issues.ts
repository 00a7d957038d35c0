/**
 * Opens, updates and closes one GitHub issue per token (found by label and a hidden marker, never
 * by the search API, which lags behind new issues). Loaded only when open-issue is on. Failures
 * become warnings: issue handling never changes the keepalive's own result.
 */
import { getOctokit } from '@actions/github'
import { describe } from './workflow-api.js'
import { DAY_MS, formatInstant } from '../core/expiry.js'
import type { IssueOutcome, TokenResult } from '../core/types.js'
import {
  changeComment,
  closingComment,
  issueBody,
  identityOf,
  issueTitle,
  orphanComment,
  readMarker,
  replaceMarker,
  stateOf,
  tokenIdentity,
  type IssueState,
  type OrphanReason
} from './issue-text.js'

/** What open-issue needs (read from the inputs by config/). */
export interface IssueSettings {
  githubToken: string
  /** Put on every issue; the first one also finds the action's issues. */
  labels: string[]
  assignees: string[]
}

export interface IssueRun {
  /** One per token, in the order of the results. */
  outcomes: IssueOutcome[]
  /** Issues of this workflow closed because it no longer checks their token. */
  closedOrphans: Array<{ number: number; url: string }>
  warnings: string[]
}

interface OpenIssue {
  number: number
  url: string
  body: string
  state: IssueState
}

type Octokit = ReturnType<typeof getOctokit>

const NONE: IssueOutcome = { action: 'none' }
/** Pages of open labelled issues read at most (100 each): a label with more is not ours alone. */
export const MAX_ISSUE_PAGES = 10
/**
 * An issue whose token no run has checked for this long is an orphan. At least a week, so a
 * weekly schedule, a matrix leg or another job of the workflow always checks again in time; at
 * most 15 days, the PAT idle limit, after which the token is dead anyway.
 */
export const MIN_GRACE_DAYS = 7
export const MAX_GRACE_DAYS = 15

export function graceDays(scheduleGapDays: number | undefined): number {
  return Math.min(MAX_GRACE_DAYS, Math.max(MIN_GRACE_DAYS, scheduleGapDays ?? 0))
}

/**
 * All issue work shares one deadline (`budgetMs`); each request also has its own `timeoutMs`. A
 * stalled GitHub API or proxy therefore never holds the step past its bound.
 */
export async function manageIssues(
  results: readonly TokenResult[],
  settings: IssueSettings,
  env: NodeJS.ProcessEnv,
  {
    timeoutMs,
    budgetMs,
    nextRun,
    workflow,
    scheduleGapDays,
    now = new Date()
  }: {
    timeoutMs: number
    budgetMs: number
    nextRun?: string
    /** The running workflow's file: the owner written into, and required of, every marker. */
    workflow?: string
    /** The workflow's longest gap between scheduled runs, when known: sets the grace period. */
    scheduleGapDays?: number
    now?: Date
  }
): Promise<IssueRun> {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  if (!owner || !repo) {
    return {
      outcomes: results.map(() => NONE),
      closedOrphans: [],
      warnings: [
        'open-issue: GITHUB_REPOSITORY is not set (owner/repo), so no issue was opened or updated.'
      ]
    }
  }
  const runUrl =
    env['GITHUB_SERVER_URL'] && env['GITHUB_RUN_ID']
      ? `${env['GITHUB_SERVER_URL']}/${owner}/${repo}/actions/runs/${env['GITHUB_RUN_ID']}`
      : undefined
  const octokit = getOctokit(settings.githubToken)
  const deadline = AbortSignal.timeout(budgetMs)
  const timeout = (): { request: { signal: AbortSignal } } => ({
    request: { signal: AbortSignal.any([deadline, AbortSignal.timeout(timeoutMs)]) }
  })
  const failedTo = (what: string, err: unknown): string =>
    failure(what, deadline.aborted ? new DeadlineError(budgetMs) : err)
  const warnings: string[] = []

  let open: OpenIssue[]
  let incomplete: string | undefined
  try {
    const listed = await listOpenIssues(octokit, { owner, repo }, settings.labels[0]!, timeout)
    incomplete = listed.incomplete
    if (incomplete)
      warnings.push(
        `Not every open issue labelled "${settings.labels[0]}" could be read (${incomplete}): no new issue was opened in this run, since a token's issue may be among those not read, and none was closed as orphaned.`
      )
    open = await ownIssues(octokit, listed.issues, timeout, warnings)
  } catch (err) {
    return {
      outcomes: results.map(() => NONE),
      closedOrphans: [],
      warnings: [...warnings, failedTo('list the open issues', err)]
    }
  }
  const claim = claimer(open, workflow)

  const ids = new Set(results.map(identityOf))
  const outcomes: IssueOutcome[] = []
  // One token at a time: two writes to the same repository need no ordering games.
  for (const result of results) {
    const id = identityOf(result)
    const existing = claim(id, tokenIdentity(result.site, result.tokenName), ids)
    try {
      if (deadline.aborted) throw new DeadlineError(budgetMs)
      if (!existing && incomplete && result.status !== 'ok') {
        outcomes.push(NONE) // its issue may be in the part of the list that was not read
        continue
      }
      const outcome = await sync(
        octokit,
        { owner, repo },
        result,
        stateOf(result, id, workflow ?? existing?.state.workflow, now),
        existing,
        settings,
        { runUrl, nextRun },
        timeout
      )
      if (outcome.labelDropped) warnings.push(labelDroppedWarning(outcome, settings.labels))
      outcomes.push({ number: outcome.number, url: outcome.url, action: outcome.action })
    } catch (err) {
      warnings.push(failedTo(`update the issue for token "${result.tokenName}"`, err))
      outcomes.push(
        existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE
      )
    }
  }
  const closedOrphans: IssueRun['closedOrphans'] = []
  const policy: OrphanPolicy = {
    scheduled: env['GITHUB_EVENT_NAME'] === 'schedule',
    graceDays: graceDays(scheduleGapDays),
    now
  }
  for (const orphan of workflow && !incomplete ? claim.unclaimed(workflow) : []) {
    const decision = orphanDecision(orphan, results, policy)
    if (decision === 'leave') continue
    try {
      if (deadline.aborted) throw new DeadlineError(budgetMs)
      if (decision === 'stamp') {
        // A marker from before 1.1.0 has no last-checked time: it counts from now.
        await octokit.rest.issues.update({
          owner,
          repo,
          issue_number: orphan.number,
          body: replaceMarker(orphan.body, { ...orphan.state, checked: formatInstant(now) }),
          ...timeout()
        })
        continue
      }
      await closeIssue(octokit, { owner, repo }, orphan.number, timeout, {
        comment: orphanComment(workflow!, decision, runUrl),
        reason: 'not_planned'
      })
      closedOrphans.push({ number: orphan.number, url: orphan.url })
    } catch (err) {
      warnings.push(
        failedTo(`close issue #${orphan.number}, whose token this workflow no longer checks`, err)
      )
    }
  }
  return { outcomes, closedOrphans, warnings }
}

function labelDroppedWarning(outcome: IssueOutcome, labels: readonly string[]): string {
  return (
    `Issue #${outcome.number} was created without the label "${labels[0]}": GitHub silently drops labels on issues created by an account without push access to the repository. ` +
    'The action finds its issues by that label, so it would open a new one on every run. Use a github-token that can push (the default token with "permissions: issues: write" can), then close the unlabelled issue.'
  )
}

interface Claimer {
  /** The open issue for this token, if any; each issue is given to one token at most. */
  (id: string, token: string, idsOfThisRun: ReadonlySet<string>): OpenIssue | undefined
  /** Issues of `workflow` that no token of this run claimed. */
  unclaimed(workflow: string): OpenIssue[]
}

/**
 * Which issue belongs to which token. A workflow only takes issues whose marker names it, or
 * names no workflow (markers written before 1.1.0, adopted by the first workflow that checks
 * their token); with no known workflow, any. A token takes the issue with its id, or else one
 * with its site and name whose server host is not checked in this run (server-url changed).
 */
function claimer(open: readonly OpenIssue[], workflow: string | undefined): Claimer {
  const claimed = new Set<OpenIssue>()
  const candidates = open.filter(
    issue => !workflow || !issue.state.workflow || issue.state.workflow === workflow
  )
  // Issues of this workflow first, so an adopted legacy issue never wins over our own.
  candidates.sort(
    (a, b) => Number(b.state.workflow === workflow) - Number(a.state.workflow === workflow)
  )
  const take = (issue: OpenIssue | undefined): OpenIssue | undefined => {
    if (issue) claimed.add(issue)
    return issue
  }
  const claim: Claimer = (id, token, idsOfThisRun) =>
    take(
      candidates.find(issue => !claimed.has(issue) && issue.state.id === id) ??
        candidates.find(
          issue =>
            !claimed.has(issue) && issue.state.token === token && !idsOfThisRun.has(issue.state.id)
        )
    )
  claim.unclaimed = owner =>
    candidates.filter(issue => !claimed.has(issue) && issue.state.workflow === owner)
  return claim
}

interface OrphanPolicy {
  /** Only scheduled runs close orphans: a manual, push or pull-request run may check a subset. */
  scheduled: boolean
  graceDays: number
  now: Date
}

/**
 * What to do with an open issue of this workflow that no token of this run claimed. It is closed
 * only when no run could still be checking its token:
 * - a watched token whose signer failed in this run (sign-in or list) is left: that may pass;
 * - a watched token gone from its owner's list, read in this run, is closed;
 * - any other is closed once no run has checked it for the grace period (other matrix legs,
 *   steps and jobs of the workflow check their tokens far more often than that);
 * - a marker with no last-checked time (before 1.1.0) is stamped with now, never closed at once.
 */
export function orphanDecision(
  orphan: { state: IssueState },
  results: readonly TokenResult[],
  { scheduled, graceDays, now }: OrphanPolicy
): OrphanReason | 'leave' | 'stamp' {
  const { state } = orphan
  const signer = state.via
    ? results.find(result => !result.watched && identityOf(result) === state.via)
    : undefined
  if (signer && signer.watchList !== 'read') return 'leave'
  const listed = signer?.listedTokenNames ?? []
  if (scheduled && signer && !listed.some(name => tokenIdentity(signer.site, name) === state.token))
    return { kind: 'not-listed', via: signer.tokenName }
  if (!state.checked) return 'stamp'
  if (!scheduled || now.getTime() - Date.parse(state.checked) < graceDays * DAY_MS) return 'leave'
  return { kind: 'not-checked', checked: state.checked, graceDays }
}

/** Comments why, then closes; the body is rewritten too when given (a final state). */
async function closeIssue(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  number: number,
  timeout: Timeout,
  { comment, reason, body }: { comment: string; reason: 'completed' | 'not_planned'; body?: string }
): Promise<void> {
  await octokit.rest.issues.createComment({
    ...repository,
    issue_number: number,
    body: comment,
    ...timeout()
  })
  await octokit.rest.issues.update({
    ...repository,
    issue_number: number,
    state: 'closed',
    state_reason: reason,
    ...(body === undefined ? {} : { body }),
    ...timeout()
  })
}

interface ListedIssue {
  number: number
  url: string
  body: string
  author: string
  state: IssueState
}

type Timeout = () => { request: { signal: AbortSignal } }

/**
 * The open issues with the label that carry a marker, page by page: at most MAX_ISSUE_PAGES,
 * never the same page twice, and `next` links only on the API's own origin (a link elsewhere
 * would receive the github-token).
 */
async function listOpenIssues(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  label: string,
  timeout: Timeout
): Promise<{ issues: ListedIssue[]; incomplete?: string }> {
  const first = octokit.request.endpoint('GET /repos/{owner}/{repo}/issues', {
    ...repository,
    state: 'open',
    labels: label,
    per_page: 100
  }).url
  const apiOrigin = new URL(first).origin
  const requested = new Set<string>()
  const issues: ListedIssue[] = []
  for (let url: string | undefined = first; url;) {
    if (requested.size >= MAX_ISSUE_PAGES)
      return {
        issues,
        incomplete: `more than ${MAX_ISSUE_PAGES * 100} carry it, and ${MAX_ISSUE_PAGES} pages are read at most; give the action a label of its own with issue-labels`
      }
    requested.add(url)
    const response = await octokit.request({ method: 'GET', url, ...timeout() })
    for (const issue of response.data as RestIssue[]) {
      const state = issue.pull_request ? undefined : readMarker(issue.body)
      if (state)
        issues.push({
          number: issue.number,
          url: issue.html_url,
          body: issue.body ?? '',
          author: issue.user?.login ?? '',
          state
        })
    }
    const next = nextLink(response.headers.link)
    if (next === undefined) break
    const nextUrl = parseUrl(next)
    if (nextUrl?.origin !== apiOrigin)
      return {
        issues,
        incomplete: "GitHub's next-page link pointed away from the API, and was not followed"
      }
    if (requested.has(next))
      return { issues, incomplete: "GitHub's next-page link pointed back to a page already read" }
    url = next
  }
  return { issues }
}

interface RestIssue {
  number: number
  html_url: string
  body?: string | null
  user?: { login?: string } | null
  pull_request?: unknown
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** The `rel="next"` address of a Link header. */
export function nextLink(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (match && /\brel="?next"?/.test(match[2]!)) return match[1]
  }
  return undefined
}

/**
 * The listed issues this action wrote: author = the account github-token acts as. That account is
 * asked once (GraphQL viewer works for user tokens and app installation tokens alike, where
 * GET /user fails), and only when some issue carries the marker. Others are left alone, named in
 * a warning: anyone can copy a hidden marker into an issue.
 */
async function ownIssues(
  octokit: Octokit,
  listed: readonly ListedIssue[],
  timeout: Timeout,
  warnings: string[]
): Promise<OpenIssue[]> {
  if (listed.length === 0) return []
  const { viewer } = await octokit.graphql<{ viewer: { login: string } }>(
    'query { viewer { login } }',
    timeout()
  )
  const self = viewer.login.toLowerCase()
  return listed.filter(issue => {
    if (issue.author.toLowerCase() === self) return true
    warnings.push(
      `Issue #${issue.number} carries this action's marker but was opened by ${issue.author || 'an unknown account'}, not by ${viewer.login} (the account github-token acts as): left alone. Close it if it is not wanted.`
    )
    return false
  })
}

class DeadlineError extends Error {
  constructor(budgetMs: number) {
    super(
      `GitHub did not finish answering within ${budgetMs / 1000} s, (retries + 1) x timeout-seconds`
    )
  }
}

async function sync(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  result: TokenResult,
  state: IssueState,
  existing: OpenIssue | undefined,
  settings: IssueSettings,
  { runUrl, nextRun }: { runUrl?: string; nextRun?: string },
  timeout: Timeout
): Promise<IssueOutcome & { labelDropped?: boolean }> {
  const now = new Date()
  if (result.status === 'ok') {
    if (!existing) return NONE
    await closeIssue(octokit, repository, existing.number, timeout, {
      comment: closingComment(result, runUrl),
      reason: 'completed',
      body: issueBody(result, state, { runUrl, nextRun }, now)
    })
    return { number: existing.number, url: existing.url, action: 'closed' }
  }
  const title = issueTitle(result)
  const body = issueBody(result, state, { runUrl, nextRun }, now)
  if (!existing) {
    const created = await octokit.rest.issues.create({
      ...repository,
      title,
      body,
      labels: settings.labels,
      ...(settings.assignees.length ? { assignees: settings.assignees } : {}),
      ...timeout()
    })
    const labels = (created.data.labels ?? []).map(label =>
      (typeof label === 'string' ? label : (label.name ?? '')).toLowerCase()
    )
    return {
      number: created.data.number,
      url: created.data.html_url,
      action: 'created',
      labelDropped: !labels.includes(settings.labels[0]!.toLowerCase())
    }
  }
  await octokit.rest.issues.update({
    ...repository,
    issue_number: existing.number,
    title,
    body,
    ...timeout()
  })
  // A comment only when something changed, so a daily schedule does not spam the issue.
  if (existing.state.status !== state.status || existing.state.bucket !== state.bucket) {
    await octokit.rest.issues.createComment({
      ...repository,
      issue_number: existing.number,
      body: changeComment(existing.state, result, runUrl),
      ...timeout()
    })
  }
  return { number: existing.number, url: existing.url, action: 'updated' }
}

/** A warning that says what failed and what to change in the workflow. */
function failure(what: string, err: unknown): string {
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
