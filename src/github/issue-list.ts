/**
 * Finding the action's own issues: the labelled issues that carry its marker, page by page within
 * bounds, then only those the account github-token acts as opened itself; and, for a rejected
 * token with no open issue, the last state its most recently closed issue recorded.
 */
import { readMarker, type IssueState } from './issue-marker.js'
import type { Octokit } from './octokit.js'

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

/**
 * The open issues with the label that carry a marker, page by page: at most MAX_ISSUE_PAGES,
 * never the same page twice, and `next` links only on the API's own origin (a link elsewhere
 * would receive the github-token).
 */
export async function listOpenIssues(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  label: string
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
    const response = await octokit.request({ method: 'GET', url })
    issues.push(...withMarkers(response.data as RestIssue[]))
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

function withMarkers(page: readonly RestIssue[]): ListedIssue[] {
  return page.flatMap(issue => {
    const state = issue.pull_request ? undefined : readMarker(issue.body)
    return state
      ? [
          {
            number: issue.number,
            url: issue.html_url,
            body: issue.body ?? '',
            author: issue.user?.login ?? '',
            state
          }
        ]
      : []
  })
}

/**
 * The closed issues with the label that this account wrote, most recently updated first: one page
 * of 100, read once per run and only for a rejected token with no open issue, whose last state
 * tells why Tableau now rejects it.
 */
export async function recentlyClosedIssues(
  octokit: Octokit,
  repository: { owner: string; repo: string },
  label: string,
  viewer: () => Promise<string>
): Promise<ListedIssue[]> {
  const response = await octokit.rest.issues.listForRepo({
    ...repository,
    state: 'closed',
    labels: label,
    sort: 'updated',
    direction: 'desc',
    per_page: 100
  })
  const listed = withMarkers(response.data as RestIssue[])
  if (listed.length === 0) return []
  const login = await viewer()
  return listed.filter(issue => isBy(issue, login))
}

/** Whether the account `login` opened the issue (GitHub logins are case-insensitive). */
function isBy(issue: ListedIssue, login: string): boolean {
  return issue.author.toLowerCase() === login.toLowerCase()
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
  listed: readonly ListedIssue[],
  viewer: () => Promise<string>,
  warnings: string[]
): Promise<OpenIssue[]> {
  if (listed.length === 0) return []
  const login = await viewer()
  return listed.filter(issue => {
    if (isBy(issue, login)) return true
    warnings.push(
      `Issue #${issue.number} carries this action's marker but was opened by ${issue.author || 'an unknown account'}, not by ${login} (the account github-token acts as): left alone. Close it if it is not wanted.`
    )
    return false
  })
}

/** The account github-token acts as, asked once: GraphQL viewer works for user and app tokens alike. */
export function viewerOf(octokit: Octokit): () => Promise<string> {
  let login: Promise<string> | undefined
  return () =>
    (login ??= octokit
      .graphql<{ viewer: { login: string } }>('query { viewer { login } }')
      .then(answer => answer.viewer.login))
}
