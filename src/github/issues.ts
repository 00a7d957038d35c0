/**
 * Opens, updates and closes one GitHub issue per token (found by label and a hidden marker, never
 * by the search API, which lags behind new issues). Loaded only when open-issue is on. Failures
 * become warnings: issue handling never changes the keepalive's own result.
 */
import { getOctokit } from '@actions/github'
import type { IssueSettings } from '../inputs.js'
import type { TokenResult } from '../keepalive.js'
import {
  changeComment,
  closingComment,
  issueBody,
  issueIdentity,
  issueTitle,
  readMarker,
  stateOf,
  type IssueState
} from './issue-text.js'

export type IssueAction = 'created' | 'updated' | 'closed' | 'none'

export interface IssueOutcome {
  number?: number
  url?: string
  action: IssueAction
}

export interface IssueRun {
  /** One per token, in the order of the results. */
  outcomes: IssueOutcome[]
  warnings: string[]
}

export interface IssueToken {
  result: TokenResult
  /** The host the user named (before any redirect): part of the token's identity. */
  serverHost: string
}

interface OpenIssue {
  number: number
  url: string
  state: IssueState
}

type Octokit = ReturnType<typeof getOctokit>

const NONE: IssueOutcome = { action: 'none' }

export async function manageIssues(
  tokens: readonly IssueToken[],
  settings: IssueSettings,
  env: NodeJS.ProcessEnv,
  timeoutMs: number
): Promise<IssueRun> {
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/')
  if (!owner || !repo) {
    return {
      outcomes: tokens.map(() => NONE),
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
  const timeout = () => ({ request: { signal: AbortSignal.timeout(timeoutMs) } })
  const warnings: string[] = []

  let open: OpenIssue[]
  try {
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      state: 'open',
      labels: settings.labels[0],
      per_page: 100,
      ...timeout()
    })
    open = issues.flatMap(issue => {
      const state = issue.pull_request ? undefined : readMarker(issue.body)
      return state ? [{ number: issue.number, url: issue.html_url, state }] : []
    })
  } catch (err) {
    return { outcomes: tokens.map(() => NONE), warnings: [failure('list the open issues', err)] }
  }

  const outcomes: IssueOutcome[] = []
  // One token at a time: two writes to the same repository need no ordering games.
  for (const { result, serverHost } of tokens) {
    const id = issueIdentity(serverHost, result.site, result.tokenName)
    const existing = open.find(issue => issue.state.id === id)
    try {
      outcomes.push(
        await sync(
          octokit,
          { owner, repo },
          result,
          stateOf(result, id),
          existing,
          settings,
          runUrl,
          timeout
        )
      )
    } catch (err) {
      warnings.push(`${failure(`update the issue for token "${result.tokenName}"`, err)}`)
      outcomes.push(
        existing ? { number: existing.number, url: existing.url, action: 'none' } : NONE
      )
    }
  }
  return { outcomes, warnings }
}

async function sync(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  result: TokenResult,
  state: IssueState,
  existing: OpenIssue | undefined,
  settings: IssueSettings,
  runUrl: string | undefined,
  timeout: () => { request: { signal: AbortSignal } }
): Promise<IssueOutcome> {
  const now = new Date()
  if (result.status === 'ok') {
    if (!existing) return NONE
    await octokit.rest.issues.createComment({
      ...repository,
      issue_number: existing.number,
      body: closingComment(result, runUrl),
      ...timeout()
    })
    await octokit.rest.issues.update({
      ...repository,
      issue_number: existing.number,
      state: 'closed',
      state_reason: 'completed',
      body: issueBody(result, state, runUrl, now),
      ...timeout()
    })
    return { number: existing.number, url: existing.url, action: 'closed' }
  }
  const title = issueTitle(result)
  const body = issueBody(result, state, runUrl, now)
  if (!existing) {
    const created = await octokit.rest.issues.create({
      ...repository,
      title,
      body,
      labels: settings.labels,
      ...(settings.assignees.length ? { assignees: settings.assignees } : {}),
      ...timeout()
    })
    return { number: created.data.number, url: created.data.html_url, action: 'created' }
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
  const detail = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err)
  const said = typeof status === 'number' ? `HTTP ${status}: ${detail}` : detail
  const hint =
    status === 403 || status === 404
      ? 'Give the job permission to write issues: add "permissions: issues: write" to the workflow or the job (and, if github-token is set, use a token that can write issues in this repository).'
      : status === 401
        ? 'The github-token was refused: leave it at its default (${{ github.token }}) or give a valid token.'
        : status === 410
          ? 'Issues are disabled in this repository: enable them in Settings > General > Features, or set open-issue: false.'
          : status === 422
            ? 'GitHub rejected the issue fields: check issue-labels and issue-assignees (assignees must have access to the repository).'
            : 'GitHub may be unavailable or rate-limiting: the next run will try again.'
  return `Could not ${what} (${said}). ${hint} The keepalive result is unchanged.`
}
