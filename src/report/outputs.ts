/** The step outputs (names are the action's public interface). Many tokens give aggregates. */
import type { ScheduleVerdict } from '../schedule/verdict.js'
import { RESULTS_OUTPUT_MAX_BYTES } from './runner-limits.js'
import { STATUS_SEVERITY, worstStatus } from '../core/status.js'
import type { IssueOutcome, TokenResult } from '../core/types.js'

export type Outputs = Record<
  | 'status'
  | 'platform'
  | 'refreshed'
  | 'days-until-expiry'
  | 'expires-at'
  | 'expiry-source'
  | 'refresh-by'
  | 'api-version'
  | 'results'
  | 'results-omitted'
  | 'results-file'
  | 'issue-number'
  | 'issue-url'
  | 'issue-action'
  | 'changed'
  | 'schedule-gap-days'
  | 'next-run',
  string
>

/** One entry of the `results` output. */
export interface ResultJson {
  name: string
  site: string
  server: string
  platform: string
  status: string
  daysUntilExpiry: number | null
  expiresAt: string | null
  expirySource: string
  refreshBy: string | null
  refreshed: boolean
  /** Seen in the owner's token list (watch-owner-tokens), not signed in with. */
  watched: boolean
  /** This sign-in for a refreshed token; the token list's last use for a watched one. */
  lastUsedAt: string | null
  /** Watched tokens: last use + 15 days. */
  idleExpiresAt?: string | null
  apiVersion: string
  error: string | null
  /** The owner's display name, for tokens watched across the site (watch-site-tokens). */
  owner?: string
  /** The signing token of watch-site-tokens: "incomplete" when some users' tokens were not read. */
  siteWatch?: string
  /** "used-recently" when refresh-if-idle-hours left the token alone (not signed in with). */
  skipped?: string
  /** Rejected tokens (status invalid): secret-or-site, expired-idle, expired-date, revoked-or-removed or unknown. */
  invalidCause?: string
  /** Only when open-issue is on. */
  issueNumber?: number | null
  issueUrl?: string | null
  issueAction?: string
}

/**
 * status is the worst, days-until-expiry / expires-at / expiry-source those of the token that
 * expires first (for a watched token, by date or by disuse), refresh-by the earliest, refreshed
 * true only when every signed-in token was refreshed; platform and api-version are the shared
 * value, or all values when the tokens differ.
 */
export function outputsFor(
  results: readonly TokenResult[],
  issues?: readonly IssueOutcome[],
  schedule?: ScheduleVerdict,
  resultsFile = ''
): Outputs {
  const soonest = results
    .filter(result => result.daysUntilExpiry !== undefined)
    .sort(
      (a, b) =>
        a.daysUntilExpiry! - b.daysUntilExpiry! ||
        // ISO-8601 UTC instants sort as text; localeCompare would load ICU's collation.
        compareText(a.expiresAt ?? '', b.expiresAt ?? '')
    )[0]
  const signedIn = results.filter(result => !result.watched)
  return {
    status: worstStatus(results.map(result => result.status)),
    platform: distinct(results.map(result => result.platform)),
    refreshed: String(signedIn.length > 0 && signedIn.every(result => result.refreshed)),
    'days-until-expiry':
      soonest?.daysUntilExpiry === undefined ? '' : String(soonest.daysUntilExpiry),
    'expires-at': soonest?.expiresAt ?? '',
    'expiry-source': soonest?.expirySource ?? 'none',
    'refresh-by': earliestRefreshBy(results) ?? '',
    'api-version': distinct(results.map(result => result.apiVersion)),
    ...boundedResults(results.map((result, i) => resultJson(result, issues?.[i]))),
    'results-file': resultsFile,
    ...issueOutputs(issues ?? []),
    ...scheduleOutputs(schedule)
  }
}

/**
 * The results output within RESULTS_OUTPUT_MAX_BYTES, so a later step can still take it through
 * `env:`. When it cannot hold every entry it keeps, in their order, the signed-in tokens and then
 * the watched ones worst first, and results-omitted counts the rest (all are in results-file).
 */
export function boundedResults(
  entries: readonly ResultJson[],
  maxBytes = RESULTS_OUTPUT_MAX_BYTES
): Pick<Outputs, 'results' | 'results-omitted'> {
  const all = JSON.stringify(entries)
  if (Buffer.byteLength(all) <= maxBytes) return { results: all, 'results-omitted': '0' }
  const texts = entries.map(entry => JSON.stringify(entry))
  const rank = (entry: ResultJson): number =>
    (entry.watched ? 0 : 100) + STATUS_SEVERITY.indexOf(entry.status as never)
  const byPriority = entries.map((_, i) => i).sort((a, b) => rank(entries[b]!) - rank(entries[a]!))
  const kept = new Set<number>()
  let bytes = 2 // the brackets
  for (const i of byPriority) {
    const size = Buffer.byteLength(texts[i]!) + 1 // and a comma
    if (bytes + size > maxBytes) break
    kept.add(i)
    bytes += size
  }
  return {
    results: `[${texts.filter((_, i) => kept.has(i)).join(',')}]`,
    'results-omitted': String(entries.length - kept.size)
  }
}

/** The earliest refresh-by: when the first signed-in token expires from disuse. */
export function earliestRefreshBy(results: readonly TokenResult[]): string | undefined {
  return results
    .map(result => result.refreshBy)
    .filter((value): value is string => value !== undefined)
    .sort()[0]
}

/** The issues touched: one token's, or all of them comma-separated; none when no issue was touched. */
function issueOutputs(
  issues: readonly IssueOutcome[]
): Pick<Outputs, 'issue-number' | 'issue-url' | 'issue-action' | 'changed'> {
  const touched = issues.filter(issue => issue.action !== 'none')
  return {
    'issue-number': touched.map(issue => issue.number).join(','),
    'issue-url': touched.map(issue => issue.url).join(','),
    'issue-action': distinct(touched.map(issue => issue.action)) || 'none',
    // Known only from the issues' recorded state: empty without open-issue.
    changed: issues.length ? String(issues.some(issue => issue.changed)) : ''
  }
}

export function resultJson(result: TokenResult, issue?: IssueOutcome): ResultJson {
  const json: ResultJson = {
    name: result.tokenName,
    site: result.site,
    server: result.server,
    platform: result.platform,
    status: result.status,
    daysUntilExpiry: result.daysUntilExpiry ?? null,
    expiresAt: result.expiresAt ?? null,
    expirySource: result.expirySource,
    refreshBy: result.refreshBy ?? null,
    refreshed: result.refreshed,
    watched: result.watched,
    lastUsedAt: result.lastUsedAt ?? null,
    ...(result.watched ? { idleExpiresAt: result.idleExpiresAt ?? null } : {}),
    apiVersion: result.apiVersion,
    error: result.status === 'invalid' || result.status === 'error' ? result.message : null,
    ...(result.status === 'invalid' ? { invalidCause: result.invalidCause ?? 'unknown' } : {}),
    ...(result.skipped ? { skipped: result.skipped } : {}),
    ...(result.owner ? { owner: result.owner } : {}),
    ...(result.siteWatch ? { siteWatch: result.siteWatch } : {})
  }
  if (issue)
    Object.assign(json, {
      issueNumber: issue.number ?? null,
      issueUrl: issue.url ?? null,
      issueAction: issue.action
    })
  return json
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Outputs when no token was checked (bad inputs): status error, the rest empty. */
export function outputsWithoutResult(): Outputs {
  return {
    status: 'error',
    platform: '',
    refreshed: 'false',
    'days-until-expiry': '',
    'expires-at': '',
    'expiry-source': 'none',
    'refresh-by': '',
    'api-version': '',
    results: '[]',
    'results-omitted': '0',
    'results-file': '',
    ...issueOutputs([]),
    ...scheduleOutputs(undefined)
  }
}

function scheduleOutputs(
  schedule: ScheduleVerdict | undefined
): Pick<Outputs, 'schedule-gap-days' | 'next-run'> {
  return {
    'schedule-gap-days': schedule?.gapDays === undefined ? '' : String(schedule.gapDays),
    'next-run': schedule?.nextRun ?? ''
  }
}

function distinct(values: string[]): string {
  return [...new Set(values)].join(',')
}
