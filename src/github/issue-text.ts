/**
 * What the expiry issue says: title, body, comments, and the hidden marker that identifies the
 * token and remembers the last state reported. Plain functions; no GitHub calls.
 *
 * Text this action did not write (token names, sites, server addresses, and messages that carry
 * Tableau's own words) is shown in code spans, where GitHub links no @mention or #reference.
 */
import { createHash } from 'node:crypto'
import { formatInstant, parseInstant } from '../core/expiry.js'
import { expiryPhrase } from '../report/annotations.js'
import { STATUS_ICON } from '../report/summary.js'
import { PLATFORM_LABELS } from '../tableau/platform.js'
import { codeSpan, inertHtml, safeLine } from '../text/safe-text.js'
import { lateRun } from '../schedule/check.js'
import type { Status } from '../core/status.js'
import type { TokenResult } from '../core/types.js'

const MARKER_PREFIX = 'tableau-pat-keepalive'

export interface IssueState {
  id: string
  status: Status | string
  bucket: string
  /** Site and token name only: finds the issue again when only the server host changed. */
  token?: string
  /** The workflow file that owns the issue; absent from markers written before 1.1.0. */
  workflow?: string
  /** A watched token's: the id of the signed-in token whose token list it is in. */
  via?: string
  /**
   * When a run last checked the token (ISO-8601 UTC): an orphan is closed only once this is older
   * than the grace period. Absent from markers written before 1.1.0.
   */
  checked?: string
}

/**
 * A result's issue id. A watched token's includes its owner: two users of one site may each have
 * a PAT of the same name, and those are two tokens with two issues.
 */
export function identityOf(result: TokenResult): string {
  return issueIdentity(
    result.serverHost,
    result.site,
    result.tokenName,
    result.watched ? result.ownerId : undefined
  )
}

/** A stable id for a token: server host, site, token name and owner if known (never the secret). */
export function issueIdentity(
  serverHost: string,
  site: string,
  tokenName: string,
  ownerId?: string
): string {
  const owner = ownerId ? `\n${ownerId}` : ''
  return shortHash(`${serverHost.toLowerCase()}\n${site}\n${tokenName}${owner}`)
}

/** The token's id without its server, for issues whose server-url changed (e.g. to a pod URL). */
export function tokenIdentity(site: string, tokenName: string): string {
  return shortHash(JSON.stringify([site, tokenName])) // unambiguous, whatever the name holds
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/** Workflow paths in the marker: URI-escaped beyond [A-Za-z0-9._/-], so no `-->` or space. */
const escapePath = (path: string): string =>
  path.replace(/[^A-Za-z0-9._/-]/g, c => encodeURIComponent(c))

export function marker(state: IssueState): string {
  const extra = [
    state.token ? ` token=${state.token}` : '',
    state.workflow ? ` workflow=${escapePath(state.workflow)}` : '',
    state.via ? ` via=${state.via}` : '',
    state.checked ? ` checked=${state.checked}` : ''
  ].join('')
  return `<!-- ${MARKER_PREFIX} id=${state.id} status=${state.status} bucket=${state.bucket}${extra} -->`
}

const MARKER = new RegExp(
  `<!-- ${MARKER_PREFIX} id=([0-9a-f]{16}) status=([a-z-]+) bucket=([a-z0-9-]+)((?: [a-z]+=[^\\s>]+)*) -->`
)

/** The body with its marker replaced (the rest of an issue is left as it was). */
export function replaceMarker(body: string, state: IssueState): string {
  return body.replace(MARKER, () => marker(state))
}

/** The state an issue body last recorded, or undefined when it is not one of ours. */
export function readMarker(body: string | null | undefined): IssueState | undefined {
  const match = MARKER.exec(body ?? '')
  if (!match) return undefined
  const fields = new Map(
    match[4]!
      .trim()
      .split(' ')
      .filter(Boolean)
      .map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  )
  const token = fields.get('token')
  const workflow = fields.get('workflow')
  const via = fields.get('via')
  const checked = fields.get('checked')
  return {
    id: match[1]!,
    status: match[2]!,
    bucket: match[3]!,
    ...(token && /^[0-9a-f]{16}$/.test(token) ? { token } : {}),
    ...(workflow ? { workflow: unescapePath(workflow) } : {}),
    ...(via && /^[0-9a-f]{16}$/.test(via) ? { via } : {}),
    ...(checked && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(checked) && parseInstant(checked)
      ? { checked }
      : {})
  }
}

function unescapePath(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text // a hand-edited marker: compared as written
  }
}

/** Days left, coarsely: a new bucket is worth a comment, a new day is not. */
export function daysBucket(days: number | undefined): string {
  if (days === undefined) return 'unknown'
  if (days < 0) return 'expired'
  const edges = [1, 3, 7, 14, 30, 60, 90]
  const upper = edges.find(edge => days < edge)
  return upper === undefined ? 'over-90' : `under-${upper}`
}

export function stateOf(
  result: TokenResult,
  id: string,
  workflow: string | undefined,
  checkedAt: Date
): IssueState {
  return {
    id,
    status: result.status,
    bucket: daysBucket(result.daysUntilExpiry),
    token: tokenIdentity(result.site, result.tokenName),
    ...(workflow ? { workflow } : {}),
    ...(result.watched && result.watchedBy
      ? { via: issueIdentity(result.serverHost, result.site, result.watchedBy) }
      : {}),
    checked: formatInstant(checkedAt)
  }
}

/** How the name and the site are quoted: as plain text in a title, in code spans in a body. */
interface Quote {
  name(text: string): string
  site(text: string): string
}

const IN_TITLE: Quote = { name: text => `"${text}"`, site: text => text }
const IN_BODY: Quote = { name: codeSpan, site: codeSpan }

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

/** Titles notify nobody; the name is quoted as it always was, on one line. */
export function issueTitle(result: TokenResult): string {
  return safeLine(headline(result, IN_TITLE))
}

function whatToDo(result: TokenResult): string {
  if (result.watched)
    // Its secret is not in this workflow: the jobs that use it are what to look at.
    return (
      `${codeSpan(result.message)} This token is watched through the token list, not signed in with, so this workflow does not keep it alive. ` +
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
  return codeSpan(text).replace(/\|/g, '\\|')
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
          ['Checked', `watched through ${quotedCell(result.watchedBy ?? '')} (not signed in)`]
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
  return [
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
    `> ${codeSpan(result.message)}`,
    ...result.warnings.map(warning => `> ${codeSpan(warning)}`),
    '',
    `Last checked by ${checked}${state.workflow ? ` of ${codeSpan(state.workflow)}` : ''} at ${formatInstant(checkedAt)}. Opened and kept up to date by Tableau PAT Keepalive.`
  ].join('\n')
}

export function changeComment(
  previous: IssueState,
  result: TokenResult,
  runUrl: string | undefined
): string {
  const days = result.daysUntilExpiry === undefined ? '' : ` (${result.daysUntilExpiry} days left)`
  const by = runUrl ? ` ([run](${runUrl}))` : ''
  return `Status ${previous.status} → **${result.status}**${days}: ${codeSpan(result.message)}${by}`
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
      ? `This token is no longer in its owner's token list, read through ${codeSpan(reason.via)}: it was revoked or deleted, or \`watch-owner-tokens\` no longer selects it.`
      : `No run of this workflow (${codeSpan(workflow)}) has checked this token since ${reason.checked}, ` +
        `more than ${reason.graceDays} days ago: it was removed from the workflow or renamed, or \`server-url\` or \`site\` changed.`
  return `${why} Closing${by}; a run that checks the token again opens a new issue when one is needed.`
}
