/**
 * Reads and validates every input once, up front, into Settings. Errors name the input (and, for
 * the tokens list, the entry), say what was wrong and what is expected; nothing downstream reads
 * inputs again.
 */
import type { IssueSettings } from '../github/issues.js'
import { InputError } from '../core/input-error.js'
import type { TokenSettings } from '../token/settings.js'
import { maskSecret } from '../text/redact.js'
import { entryLabel, parseTokensInput } from './token-list.js'
import { DEFAULT_IDLE_DAYS } from '../core/expiry.js'
import type { WatchOptions } from '../token/watch.js'
import {
  printable,
  parseList,
  booleanWord,
  parseBoolean,
  parseWholeDays,
  parseTimeoutSeconds,
  parseRetries,
  parseConcurrency,
  parseDaysInRange,
  parseSiteWatchSeconds
} from './values.js'
import { ENTRY_FIELD_OF, tokenSettings } from './token-inputs.js'

export { InputError }

export interface Settings {
  /** One entry per token, in input order. */
  tokens: TokenSettings[]
  /** How many tokens are worked on at once. */
  concurrency: number
  /** GitHub issue handling; undefined when open-issue is off. */
  issues?: IssueSettings
  /** For the GitHub API (issues, the workflow file, enabling the workflow); '' when not given. */
  githubToken: string
  /** Check the running workflow's own schedule (check-schedule). */
  checkSchedule: boolean
  /** Enable the running workflow on every run (keep-workflow-enabled). */
  keepWorkflowEnabled: boolean
  /** Dead-man's switch pinged after a passing run; masked, it carries a key. */
  heartbeatUrl?: URL
  /** Pinged at once when a run fails (healthchecks.io /fail, Cronitor ?state=fail); masked. */
  heartbeatFailUrl?: URL
  /** Things worth telling the user that do not stop the run (e.g. plain http). */
  warnings: string[]
}

export interface InputSource {
  /** The input's value, trimmed; '' when not given. */
  get(name: string): string
  /** Masks a secret in all later log output. */
  mask(secret: string): void
}

export async function readSettings(source: InputSource): Promise<Settings> {
  // The secret is masked before anything else can be logged.
  const tokenSecret = source.get('token-secret')
  if (tokenSecret) maskSecret(source.mask, tokenSecret)
  const tokenName = source.get('token-name')
  const tokensInput = source.get('tokens')
  const warnings: string[] = []
  const timeoutMs = parseTimeoutSeconds(source.get('timeout-seconds')) * 1000
  const retries = parseRetries(source.get('retries'))
  const concurrency = parseConcurrency(source.get('concurrency'))
  const issues = readIssueSettings(source)
  const watch = readWatchOptions(source)
  const refreshIfIdleHours = readRefreshIfIdleHours(source, watch, warnings)
  const workflow = {
    githubToken: source.get('github-token'),
    checkSchedule: parseBoolean('check-schedule', source.get('check-schedule') || 'true'),
    keepWorkflowEnabled: parseBoolean('keep-workflow-enabled', source.get('keep-workflow-enabled')),
    heartbeatUrl: parseHeartbeatUrl(source, 'heartbeat-url'),
    heartbeatFailUrl: parseHeartbeatUrl(source, 'heartbeat-fail-url')
  }
  if (workflow.keepWorkflowEnabled && !workflow.githubToken)
    throw new InputError(
      'github-token is empty but keep-workflow-enabled is true. Leave github-token at its default (${{ github.token }}) and give the job permissions: actions: write.'
    )

  if (tokensInput && (tokenName || tokenSecret)) {
    throw new InputError('Give either tokens or token-name and token-secret, not both.')
  }
  if (!tokensInput) {
    const get = (input: string): string => source.get(input)
    return {
      tokens: withSiteWatch(
        [tokenSettings(get, '', { timeoutMs, retries, watch, refreshIfIdleHours }, warnings)],
        readSiteWatch(source, concurrency)
      ),
      concurrency,
      issues,
      ...workflow,
      warnings
    }
  }
  const entries = await parseTokensInput(tokensInput, secret => maskSecret(source.mask, secret))
  const seen = new Map<string, number>()
  const tokens = entries.map(({ position, fields }) => {
    const label = `${entryLabel(position, fields.name)}: `
    const get = (input: string): string => {
      const field = ENTRY_FIELD_OF[input]
      return (field && fields[field]) ?? source.get(input)
    }
    const token = tokenSettings(
      get,
      label,
      { timeoutMs, retries, watch, refreshIfIdleHours },
      warnings
    )
    // One session per PAT: the same token twice would sign itself out.
    const identity = `${token.serverUrl.origin}\n${token.site}\n${token.tokenName}`
    const first = seen.get(identity)
    if (first !== undefined) {
      throw new InputError(
        `${label}the same token as entry ${first} (same name, server and site). List each token once.`
      )
    }
    seen.set(identity, position)
    return token
  })
  return {
    tokens: withSiteWatch(tokens, readSiteWatch(source, concurrency)),
    concurrency,
    issues,
    ...workflow,
    warnings
  }
}

/** watch-site-tokens (false, true, or names and globs); undefined when off. */
function readSiteWatch(source: InputSource, concurrency: number): TokenSettings['watchSite'] {
  const selection = readSelection(source, 'watch-site-tokens')
  if (!selection) return undefined
  const idleWarnDays = parseWholeDays('idle-warn-days', source.get('idle-warn-days'), 3)
  const budgetMs = parseSiteWatchSeconds(source.get('site-watch-seconds')) * 1000
  return { selection, idleWarnDays, concurrency, budgetMs }
}

/** The site walk once per site: by the first token of each server and site. */
function withSiteWatch(
  tokens: TokenSettings[],
  watchSite: TokenSettings['watchSite']
): TokenSettings[] {
  if (!watchSite) return tokens
  const sites = new Set<string>()
  return tokens.map(token => {
    const site = JSON.stringify([token.serverUrl.origin, token.site])
    if (sites.has(site)) return token
    sites.add(site)
    return { ...token, watchSite }
  })
}

/** heartbeat-url or heartbeat-fail-url: an http(s) address, masked at once (it carries a key). */
function parseHeartbeatUrl(source: InputSource, name: string): URL | undefined {
  const raw = source.get(name)
  if (!raw) return undefined
  source.mask(raw)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(
      `${name} is not a full address: give the ping URL of your cron monitor, e.g. https://hc-ping.com/<uuid>.`
    )
  }
  // Never quoted: the address is the monitor's key.
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(
      `${name} must start with https:// (or http://), not ${url.protocol}; give the ping URL of your cron monitor.`
    )
  return url
}

/** watch-owner-tokens (false, true, or names and globs) and idle-warn-days; undefined when off. */
function readWatchOptions(source: InputSource): WatchOptions | undefined {
  const idleWarnDays = parseWholeDays('idle-warn-days', source.get('idle-warn-days'), 3)
  const idleDays = parseDaysInRange('idle-days', source.get('idle-days'), DEFAULT_IDLE_DAYS, 1, 365)
  if (idleWarnDays > idleDays)
    throw new InputError(
      `idle-warn-days must be at most ${idleDays} (idle-days, a PAT's idle limit), got ${idleWarnDays}: a token used every day would always warn.`
    )
  const selection = readSelection(source, 'watch-owner-tokens')
  return selection && { selection, idleWarnDays }
}

/** false (undefined), true (every token), or token names and globs: watch-owner-tokens and watch-site-tokens. */
function readSelection(source: InputSource, name: string): WatchOptions['selection'] | undefined {
  const raw = printable(name, source.get(name))
  const word = booleanWord(raw)
  if (word === false) return undefined
  if (word === true) return { all: true }
  const patterns = parseList(raw)
  if (patterns.length === 0)
    throw new InputError(
      `${name} must be true, false, or token names and globs separated by commas, e.g. "extract-*, publisher".`
    )
  return { all: false, patterns }
}

/**
 * refresh-if-idle-hours (empty: always sign in). It needs a monitoring token's list, so without
 * watch-owner-tokens it is said and ignored.
 */
function readRefreshIfIdleHours(
  source: InputSource,
  watch: WatchOptions | undefined,
  warnings: string[]
): number | undefined {
  const raw = source.get('refresh-if-idle-hours')
  if (!raw) return undefined
  const hours = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN
  if (!(hours >= 1 && hours <= 360))
    throw new InputError(
      `refresh-if-idle-hours must be a whole number of hours from 1 to 360 (or empty: always sign in), got "${raw.slice(0, 20)}".`
    )
  if (watch) return hours
  warnings.push(
    'refresh-if-idle-hours needs watch-owner-tokens (the monitoring token, listed first, reads when each token was last used): without it every token was signed in with.'
  )
  return undefined
}

/** open-issue and the inputs that go with it; the GitHub token is masked at once. */
function readIssueSettings(source: InputSource): IssueSettings | undefined {
  const githubToken = source.get('github-token')
  if (githubToken) source.mask(githubToken)
  if (!parseBoolean('open-issue', source.get('open-issue'))) return undefined
  if (!githubToken) {
    throw new InputError(
      'github-token is empty but open-issue is true. Leave github-token at its default (${{ github.token }}) and give the job permissions: issues: write.'
    )
  }
  const labels = parseList(printable('issue-labels', source.get('issue-labels')) || 'tableau-pat')
  if (labels.length === 0)
    throw new InputError(
      "issue-labels is empty: give at least one label; the first one finds the action's issues."
    )
  for (const label of labels) {
    if (label.length > 50)
      throw new InputError(
        `issue-labels: "${label.slice(0, 60)}" is longer than GitHub's 50 characters.`
      )
  }
  const assignees = parseList(printable('issue-assignees', source.get('issue-assignees')))
  for (const login of assignees) {
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login.replace(/^@/, ''))) {
      throw new InputError(`issue-assignees: "${login.slice(0, 60)}" is not a GitHub login.`)
    }
  }
  return { githubToken, labels, assignees: assignees.map(login => login.replace(/^@/, '')) }
}
