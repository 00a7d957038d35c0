/**
 * Reads and validates every input once, up front, into Settings. Errors name the input (and, for
 * the tokens list, the entry), say what was wrong and what is expected; nothing downstream reads
 * inputs again.
 */
import type { IssueSettings } from '../github/issues.js'
import { InputError } from '../core/input-error.js'
import type { TokenSettings } from '../token/keepalive.js'
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
  parseDaysInRange
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
  const workflow = {
    githubToken: source.get('github-token'),
    checkSchedule: parseBoolean('check-schedule', source.get('check-schedule') || 'true'),
    keepWorkflowEnabled: parseBoolean('keep-workflow-enabled', source.get('keep-workflow-enabled')),
    heartbeatUrl: parseHeartbeatUrl(source)
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
      tokens: [tokenSettings(get, '', { timeoutMs, retries, watch }, warnings)],
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
    const token = tokenSettings(get, label, { timeoutMs, retries, watch }, warnings)
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
  return { tokens, concurrency, issues, ...workflow, warnings }
}

/** heartbeat-url: an http(s) address, masked at once (a monitor's ping URL carries its key). */
function parseHeartbeatUrl(source: InputSource): URL | undefined {
  const raw = source.get('heartbeat-url')
  if (!raw) return undefined
  source.mask(raw)
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(
      'heartbeat-url is not a full address: give the ping URL of your cron monitor, e.g. https://hc-ping.com/<uuid>.'
    )
  }
  // Never quoted: the address is the monitor's key.
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(
      `heartbeat-url must start with https:// (or http://), not ${url.protocol}; give the ping URL of your cron monitor.`
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
  const raw = printable('watch-owner-tokens', source.get('watch-owner-tokens'))
  const word = booleanWord(raw)
  if (word === false) return undefined
  if (word === true) return { selection: { all: true }, idleWarnDays }
  const patterns = parseList(raw)
  if (patterns.length === 0)
    throw new InputError(
      'watch-owner-tokens must be true, false, or token names and globs separated by commas, e.g. "extract-*, publisher".'
    )
  return { selection: { all: false, patterns }, idleWarnDays }
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
