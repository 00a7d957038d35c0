/**
 * Opens, updates and closes one GitHub issue per token (found by label and a hidden marker, never
 * by the search API, which lags behind new issues). Loaded only when open-issue is on. Failures
 * become warnings: issue handling never changes the keepalive's own result.
 */
import { getOctokit } from '@actions/github'
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
import { DeadlineError, failure, labelDroppedWarning } from './github-errors.js'
import {
  listOpenIssues,
  ownIssues,
  type Octokit,
  type OpenIssue,
  type Timeout
} from './issue-list.js'
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
      if (result.status === 'invalid' && result.invalidCause === 'unknown' && existing) {
        const explanation = fromLastState(existing.state, now)
        if (explanation) applyExplanation(result, explanation)
      }
      const state = stateOf(result, id, workflow ?? existing?.state.workflow, now)
      // A failed run learns no deadline: the last known ones are kept for the next diagnosis.
      state.refreshby ??= existing?.state.refreshby
      state.expires ??= existing?.state.expires
      const outcome = await sync(
        octokit,
        { owner, repo },
        result,
        state,
        existing,
        settings,
        { runUrl, nextRun },
        timeout
      )
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
  const changed = existing.state.status !== state.status || existing.state.bucket !== state.bucket
  if (changed) {
    await octokit.rest.issues.createComment({
      ...repository,
      issue_number: existing.number,
      body: changeComment(existing.state, result, runUrl),
      ...timeout()
    })
  }
  return { number: existing.number, url: existing.url, action: 'updated', changed }
}
