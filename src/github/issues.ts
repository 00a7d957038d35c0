/**
 * Opens, updates and closes one GitHub issue per token (found by label and a hidden marker, never
 * by the search API, which lags behind new issues). Loaded only when open-issue is on. Failures
 * become warnings: issue handling never changes the keepalive's own result.
 */
import { formatInstant } from '../core/expiry.js'
import type { IssueOutcome, TokenResult } from '../core/types.js'
import {
  changeComment,
  closingComment,
  issueBody,
  issueTitle,
  orphanComment
} from './issue-text.js'
import {
  identityOf,
  replaceMarker,
  stateOf,
  tokenIdentity,
  type IssueState
} from './issue-marker.js'
import { DeadlineError, failure, labelDroppedWarning, rateLimitFailure } from './github-errors.js'
import {
  listOpenIssues,
  ownIssues,
  recentlyClosedIssues,
  viewerOf,
  type OpenIssue
} from './issue-list.js'
import { githubClient, type Octokit } from './octokit.js'
import { claimer, graceDays, orphanDecision, type OrphanPolicy } from './orphans.js'
import { fromLastState } from './rejection-memory.js'
import { applyExplanation } from '../token/invalid-cause.js'

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

const NONE: IssueOutcome = { action: 'none' }

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
  const client = githubClient(settings.githubToken, {
    budgetMs,
    timeoutMs,
    apiUrl: env['GITHUB_API_URL']
  })
  const { octokit, deadline } = client
  const failedTo = (what: string, err: unknown): string =>
    client.limit
      ? rateLimitFailure(what, client.limit, budgetMs)
      : failure(what, deadline.aborted ? new DeadlineError(budgetMs) : err)
  const viewer = viewerOf(octokit)
  const warnings: string[] = []

  let open: OpenIssue[]
  let incomplete: string | undefined
  try {
    const listed = await listOpenIssues(octokit, { owner, repo }, settings.labels[0]!)
    incomplete = listed.incomplete
    if (incomplete)
      warnings.push(
        `Not every open issue labelled "${settings.labels[0]}" could be read (${incomplete}): no new issue was opened in this run, since a token's issue may be among those not read, and none was closed as orphaned.`
      )
    open = await ownIssues(listed.issues, viewer, warnings)
  } catch (err) {
    return {
      outcomes: results.map(() => NONE),
      closedOrphans: [],
      warnings: [...warnings, failedTo('list the open issues', err)]
    }
  }
  const claim = claimer(open, workflow)

  const ids = new Set(results.map(identityOf))
  const lastClosed = lastClosedState(octokit, { owner, repo }, settings.labels[0]!, viewer)
  const outcomes: IssueOutcome[] = []
  let skipped = 0
  // One token at a time: GitHub asks for writes one after another, never at once.
  for (const result of results) {
    const id = identityOf(result)
    const existing = claim(id, tokenIdentity(result.site, result.tokenName), ids)
    if (client.limit) {
      // A limit longer than the run can wait: write nothing more, the next run tries again.
      skipped++
      outcomes.push(
        existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE
      )
      continue
    }
    try {
      if (deadline.aborted) throw new DeadlineError(budgetMs)
      if (!existing && incomplete && result.status !== 'ok') {
        outcomes.push(NONE) // its issue may be in the part of the list that was not read
        continue
      }
      // What the action last recorded of the token: its open issue, or its last closed one.
      const known =
        existing?.state ?? (result.status === 'invalid' ? await lastClosed(id) : undefined)
      if (result.status === 'invalid' && result.invalidCause === 'unknown' && known) {
        const explanation = fromLastState(known, now)
        if (explanation) applyExplanation(result, explanation)
      }
      const state = stateOf(result, id, workflow ?? existing?.state.workflow, now)
      // A failed run learns no deadline: the last known ones are kept for the next diagnosis.
      state.refreshby ??= known?.refreshby
      state.expires ??= known?.expires
      const outcome = await sync(octokit, { owner, repo }, result, state, existing, settings, {
        runUrl,
        nextRun
      })
      if (outcome.labelDropped) warnings.push(labelDroppedWarning(outcome, settings.labels))
      outcomes.push({
        number: outcome.number,
        url: outcome.url,
        action: outcome.action,
        changed: outcome.changed ?? outcome.action !== 'none'
      })
    } catch (err) {
      warnings.push(failedTo(`update the issue for token "${result.tokenName}"`, err))
      outcomes.push(
        existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE
      )
    }
  }
  if (skipped)
    warnings.push(
      `The issues of ${skipped} more ${skipped === 1 ? 'token were' : 'tokens were'} not updated in this run, since GitHub's rate limit asked to wait past its deadline: the next run updates them.`
    )
  const closedOrphans: IssueRun['closedOrphans'] = []
  const policy: OrphanPolicy = {
    scheduled: env['GITHUB_EVENT_NAME'] === 'schedule',
    graceDays: graceDays(scheduleGapDays),
    now
  }
  for (const orphan of workflow && !incomplete && !client.limit ? claim.unclaimed(workflow) : []) {
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
          body: replaceMarker(orphan.body, { ...orphan.state, checked: formatInstant(now) })
        })
        continue
      }
      await closeIssue(octokit, { owner, repo }, orphan.number, {
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

/**
 * The last state recorded of a token whose issue is closed, from one page of recently closed
 * issues, read at most once per run. A failed read is no state: the diagnosis is an extra.
 */
function lastClosedState(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  label: string,
  viewer: () => Promise<string>
): (id: string) => Promise<IssueState | undefined> {
  let closed: Promise<OpenIssue[]> | undefined
  return async id => {
    closed ??= recentlyClosedIssues(octokit, repository, label, viewer).catch(() => [])
    return (await closed).find(issue => issue.state.id === id)?.state
  }
}

/**
 * Comments why, then closes; the body is rewritten too when given (a final state). The comment
 * comes first: if the close fails, the next run comments and closes again, and no word is lost.
 */
async function closeIssue(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  number: number,
  { comment, reason, body }: { comment: string; reason: 'completed' | 'not_planned'; body?: string }
): Promise<void> {
  await octokit.rest.issues.createComment({ ...repository, issue_number: number, body: comment })
  await octokit.rest.issues.update({
    ...repository,
    issue_number: number,
    state: 'closed',
    state_reason: reason,
    ...(body === undefined ? {} : { body })
  })
}

async function sync(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  result: TokenResult,
  state: IssueState,
  existing: OpenIssue | undefined,
  settings: IssueSettings,
  { runUrl, nextRun }: { runUrl?: string; nextRun?: string }
): Promise<IssueOutcome & { labelDropped?: boolean }> {
  const now = new Date()
  if (result.status === 'ok') {
    if (!existing) return NONE
    await closeIssue(octokit, repository, existing.number, {
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
      ...(settings.assignees.length ? { assignees: settings.assignees } : {})
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
  // A comment only when something changed, so a daily schedule does not spam the issue. It comes
  // before the update: the marker that remembers the new state is written last, so a comment
  // refused by GitHub is posted again by the next run rather than lost.
  const changed = existing.state.status !== state.status || existing.state.bucket !== state.bucket
  if (changed) {
    await octokit.rest.issues.createComment({
      ...repository,
      issue_number: existing.number,
      body: changeComment(existing.state, result, runUrl)
    })
  }
  await octokit.rest.issues.update({ ...repository, issue_number: existing.number, title, body })
  return { number: existing.number, url: existing.url, action: 'updated', changed }
}
