/**
 * The hidden marker that identifies a token's issue and remembers the last state reported:
 * which token (hashes of server, site, name and owner; never a secret), which workflow owns the
 * issue, and when a run last checked the token. Anyone can edit an issue body, so reading it
 * accepts only well-formed fields.
 */
import { createHash } from 'node:crypto'
import { formatInstant, parseInstant } from '../core/expiry.js'
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
  /** The token's last known idle deadline and expiry (ISO-8601 UTC), kept across failed runs. */
  refreshby?: string
  expires?: string
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
    state.checked ? ` checked=${state.checked}` : '',
    state.refreshby ? ` refreshby=${state.refreshby}` : '',
    state.expires ? ` expires=${state.expires}` : ''
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
  const instant = (name: string): Record<string, string> => {
    const value = fields.get(name)
    return value && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value) && parseInstant(value)
      ? { [name]: value }
      : {}
  }
  return {
    id: match[1]!,
    status: match[2]!,
    bucket: match[3]!,
    ...(token && /^[0-9a-f]{16}$/.test(token) ? { token } : {}),
    ...(workflow ? { workflow: unescapePath(workflow) } : {}),
    ...(via && /^[0-9a-f]{16}$/.test(via) ? { via } : {}),
    ...(checked && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(checked) && parseInstant(checked)
      ? { checked }
      : {}),
    ...instant('refreshby'),
    ...instant('expires')
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
    checked: formatInstant(checkedAt),
    ...(result.refreshBy ? { refreshby: result.refreshBy } : {}),
    ...(result.expiresAt ? { expires: result.expiresAt } : {})
  }
}
