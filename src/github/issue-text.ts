/**
 * What the expiry issue says: title, body, comments, and the hidden marker that identifies the
 * token and remembers the last state reported. Plain functions; no GitHub calls.
 *
 * Text this action did not write (token names, sites, server addresses, and messages that carry
 * Tableau's own words) is shown in code spans, where GitHub links no @mention or #reference.
 */
import { formatInstant } from '../core/expiry.js'
import { expiryPhrase } from '../report/annotations.js'
import { STATUS_ICON } from '../report/summary.js'
import { PLATFORM_LABELS } from '../tableau/platform.js'
import { codeSpan, inertHtml, safeLine } from '../text/safe-text.js'
import { lateRun } from '../schedule/verdict.js'
import type { TokenResult } from '../core/types.js'
import { marker, type IssueState } from './issue-marker.js'
import { MESSAGE_MAX_CHARS, QUOTED_MAX_CHARS, fitBody, fitTitle, shorten } from './github-limits.js'

/** How the name and the site are quoted: as plain text in a title, in code spans in a body. */
interface Quote {
  name(text: string): string
  site(text: string): string
}

const IN_TITLE: Quote = { name: text => `"${text}"`, site: text => text }
const IN_BODY: Quote = { name: text => quoted(text), site: text => quoted(text) }

/** Outside text in a body or comment, in a code span, cut to a size that still identifies it. */
function quoted(text: string): string {
  return codeSpan(shorten(text, QUOTED_MAX_CHARS))
}

/** A message or warning (Tableau's words among them) in a code span, cut to an annotation's size. */
function said(text: string): string {
  return codeSpan(shorten(text, MESSAGE_MAX_CHARS))
}

function tokenLabel(result: TokenResult, quote: Quote): string {
  const where =
    result.platform === 'cloud-manager'
      ? 'Tableau Cloud Manager'
      : `site: ${result.site ? quote.site(result.site) : 'Default'}`
  return `Tableau PAT ${quote.name(result.tokenName)} (${where})`
}

function headline(result: TokenResult, quote: Quote): string {
  const days = result.daysUntilExpiry
  switch (result.status) {
    case 'invalid':
      return `${tokenLabel(result, quote)} was rejected by Tableau: replace it`
    case 'error':
      return `${tokenLabel(result, quote)} could not be checked`
    default:
      return `${tokenLabel(result, quote)} ${days === undefined ? 'needs attention' : expiryPhrase(days)}`
  }
}

/**
 * Titles notify nobody; the name is quoted as it always was, on one line. A long name or site is
 * shortened to fit GitHub's 256 characters; the status words stay whole. The issue is found by
 * its marker, never by its title, so a shortened or renamed title is simply updated.
 */
export function issueTitle(result: TokenResult): string {
  const site = result.platform === 'cloud-manager' ? '' : safeLine(result.site)
  const compose = (tokenName: string, shownSite: string): string =>
    headline({ ...result, tokenName, site: shownSite }, IN_TITLE)
  return safeLine(fitTitle(compose, safeLine(result.tokenName), site))
}

function whatToDo(result: TokenResult): string {
  if (result.watched)
    // Its secret is not in this workflow: the jobs that use it are what to look at.
    return (
      `${said(result.message)} This token is watched through the token list, not signed in with, so this workflow does not keep it alive. ` +
      'This issue closes by itself once the token list shows it healthy, or no longer lists it.'
    )
  switch (result.status) {
    case 'invalid':
      return (
        'Tableau rejected the token. Check the token name and the site content URL in the workflow; if they are right, ' +
        'create a new PAT in Tableau (My Account Settings > Personal Access Tokens) and put its secret in the repository secret the workflow passes as `token-secret`.'
      )
    case 'error':
      return (
        "The keepalive could not check the token (see below): check `server-url`, the network path from the runner, and Tableau's status. " +
        'The token may still be fine; this issue closes by itself once a run succeeds.'
      )
    default:
      return (
        `Create a new PAT in Tableau (My Account Settings > Personal Access Tokens)${result.expiresAt ? ` before ${result.expiresAt}` : ''}, ` +
        'put its secret in the repository secret the workflow passes as `token-secret`, and update `token-name` if the name changed. ' +
        'This issue closes by itself once a run finds the token healthy.'
      )
  }
}

/** Table cells: no HTML, no column breaks. */
function cell(text: string): string {
  return inertHtml(text).replace(/\|/g, '\\|')
}

/** A table cell for text from outside: a code span, with `|` escaped as GFM tables need. */
function quotedCell(text: string): string {
  return quoted(text).replace(/\|/g, '\\|')
}

export function issueBody(
  result: TokenResult,
  state: IssueState,
  { runUrl, nextRun }: { runUrl?: string; nextRun?: string },
  checkedAt: Date
): string {
  const rows: Array<[string, string]> = [
    ['Status', cell(`${STATUS_ICON[result.status]} ${result.status}`)],
    [
      'Days left',
      cell(result.daysUntilExpiry === undefined ? 'unknown' : String(result.daysUntilExpiry))
    ],
    ['Expires at', cell(result.expiresAt ?? 'unknown')],
    ...(result.watched
      ? ([
          ['Last used', cell(result.lastUsedAt ?? 'unknown')],
          ['Expires from disuse', cell(result.idleExpiresAt ?? 'unknown')],
          ['Checked', `watched through ${quotedCell(result.watchedBy ?? '')} (not signed in)`],
          ...(result.owner
            ? ([['Owner', quotedCell(result.owner)]] as Array<[string, string]>)
            : [])
        ] as Array<[string, string]>)
      : ([['Refresh by', cell(result.refreshBy ?? 'not refreshed')]] as Array<[string, string]>)),
    ['Next scheduled run', cell(nextRun ?? 'unknown')],
    ['Server', quotedCell(result.server)],
    [
      'Site',
      result.platform === 'cloud-manager'
        ? '-'
        : result.site
          ? quotedCell(result.site)
          : '(Default)'
    ],
    ['Platform', cell(PLATFORM_LABELS[result.platform])]
  ]
  const checked = runUrl ? `[this workflow run](${runUrl})` : 'a workflow run'
  const late = lateRun(result.refreshBy, nextRun)
  // GitHub refuses a body over 65,536 characters: warnings past that are counted, not shown.
  return fitBody(
    [
      marker(state),
      `### ${headline(result, IN_BODY)}`,
      '',
      '| | |',
      '|---|---|',
      ...rows.map(([name, value]) => `| ${name} | ${value} |`),
      '',
      `**What to do:** ${whatToDo(result)}`,
      '',
      ...(late ? [`**${late}**`, ''] : []),
      `> ${said(result.message)}`
    ],
    result.warnings.map(warning => `> ${said(warning)}`),
    [
      '',
      `Last checked by ${checked}${state.workflow ? ` of ${quoted(state.workflow)}` : ''} at ${formatInstant(checkedAt)}. Opened and kept up to date by Tableau PAT Keepalive.`
    ]
  )
}

export function changeComment(
  previous: IssueState,
  result: TokenResult,
  runUrl: string | undefined
): string {
  const days = result.daysUntilExpiry === undefined ? '' : ` (${result.daysUntilExpiry} days left)`
  const by = runUrl ? ` ([run](${runUrl}))` : ''
  return `Status ${previous.status} → **${result.status}**${days}: ${said(result.message)}${by}`
}

export function closingComment(result: TokenResult, runUrl: string | undefined): string {
  const expiry = result.expiresAt ? ` It now expires on ${result.expiresAt}.` : ''
  const by = runUrl ? ` ([run](${runUrl}))` : ''
  return `✅ The token is healthy again (status ok).${expiry} Closing${by}.`
}

/** Why an issue of this workflow is closed: its token is no longer checked, or no longer listed. */
export type OrphanReason =
  { kind: 'not-checked'; checked: string; graceDays: number } | { kind: 'not-listed'; via: string }

export function orphanComment(
  workflow: string,
  reason: OrphanReason,
  runUrl: string | undefined
): string {
  const by = runUrl ? ` ([run](${runUrl}))` : ''
  const why =
    reason.kind === 'not-listed'
      ? `This token is no longer in its owner's token list, read through ${quoted(reason.via)}: it was revoked or deleted, or \`watch-owner-tokens\` no longer selects it.`
      : `No run of this workflow (${quoted(workflow)}) has checked this token since ${reason.checked}, ` +
        `more than ${reason.graceDays} days ago: it was removed from the workflow or renamed, or \`server-url\` or \`site\` changed.`
  return `${why} Closing${by}; a run that checks the token again opens a new issue when one is needed.`
}
