/**
 * Finding the action's own open issues: the labelled issues that carry its marker, page by page
 * within bounds, then only those the account github-token acts as opened itself.
 */
import type { getOctokit } from '@actions/github'
import { readMarker, type IssueState } from './issue-marker.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface OpenIssue {
  number: number
  url: string
  body: string
  state: IssueState
}

/** Pages of open labelled issues read at most (100 each): a label with more is not ours alone. */
export const MAX_ISSUE_PAGES = 10

interface ListedIssue {
  number: number
  url: string
  body: string
  author: string
  state: IssueState
}

export type Timeout = () => { request: { signal: AbortSignal } }

/**
 * The open issues with the label that carry a marker, page by page: at most MAX_ISSUE_PAGES,
 * never the same page twice, and `next` links only on the API's own origin (a link elsewhere
 * would receive the github-token).
 */
export async function listOpenIssues(
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
export async function ownIssues(
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
