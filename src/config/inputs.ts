/**
 * Reads and validates every input once, up front, into Settings. Errors name the input (and, for
 * the tokens list, the entry), say what was wrong and what is expected; nothing downstream reads
 * inputs again.
 */
import type { IssueSettings } from '../github/issues.js'
import { InputError } from '../core/input-error.js'
import { SIGN_IN_FLOOR_VERSION, compareVersions, type TokenSettings } from '../token/keepalive.js'
import { maskSecret } from '../text/redact.js'
import { firstUnprintable, unicodeEscape } from '../text/safe-text.js'
import { resolvePlatform, type PlatformChoice } from '../tableau/platform.js'
import { entryLabel, parseTokensInput, type EntryField } from './token-list.js'
import { IDLE_EXPIRY_DAYS } from '../core/expiry.js'
import type { WatchOptions } from '../token/watch.js'

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

const PLATFORMS: readonly PlatformChoice[] = ['auto', 'server', 'cloud', 'cloud-manager']
const MAX_TIMEOUT_SECONDS = 600
const MAX_CONCURRENCY = 50
const MAX_RETRIES = 10

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
  if (idleWarnDays > IDLE_EXPIRY_DAYS)
    throw new InputError(
      `idle-warn-days must be at most ${IDLE_EXPIRY_DAYS} (a PAT's idle limit), got ${idleWarnDays}: a token used every day would always warn.`
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

/**
 * Names, sites, labels and logins are printed and sent on: a control character in them is a
 * mistake at best (a pasted line break) and an injection at worst, so it is refused, not quoted.
 */
function printable(name: string, value: string): string {
  const char = firstUnprintable(value)
  if (char === undefined) return value
  const what = char === '\n' || char === '\r' ? 'a line break' : 'a control character'
  throw new InputError(
    `${name} contains ${what} (${unicodeEscape(char)}) at position ${value.indexOf(char) + 1}. Remove it; names, sites, labels and logins are single-line text.`
  )
}

function parseList(raw: string): string[] {
  return raw
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)
}

/** As core.getBooleanInput: true/True/TRUE or false/False/FALSE, empty is false; else undefined. */
function booleanWord(raw: string): boolean | undefined {
  if (raw === '' || ['false', 'False', 'FALSE'].includes(raw)) return false
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  return undefined
}

function parseBoolean(name: string, raw: string): boolean {
  const value = booleanWord(raw)
  if (value !== undefined) return value
  throw new InputError(`${name} must be true or false, got "${raw}".`)
}

/** List entries name the token fields name and secret; every other field is named like its input. */
const ENTRY_FIELD_OF: Record<string, EntryField> = {
  'token-name': 'name',
  'token-secret': 'secret',
  'server-url': 'server-url',
  site: 'site',
  platform: 'platform',
  'api-version': 'api-version',
  'warn-days': 'warn-days',
  'fail-days': 'fail-days'
}

/** One token's settings; `label` prefixes errors with the list entry they belong to. */
function tokenSettings(
  get: (input: string) => string,
  label: string,
  shared: Pick<TokenSettings, 'timeoutMs' | 'retries' | 'watch'>,
  warnings: string[]
): TokenSettings {
  try {
    const tokenSecret = get('token-secret')
    if (!tokenSecret) {
      throw new InputError(
        'token-secret is empty. Pass the PAT secret from a repository secret, e.g. token-secret: ${{ secrets.TABLEAU_PAT_SECRET }}; ' +
          'if it is set, check the secret name (workflows triggered from forks receive no secrets).'
      )
    }
    const serverUrl = parseServerUrl(get('server-url'), warnings)
    const tokenName = printable(label ? 'name' : 'token-name', get('token-name'))
    if (!tokenName)
      throw new InputError(
        'token-name is empty. Give the name of the Personal Access Token as shown in Tableau.'
      )
    const warnDays = parseWholeDays('warn-days', get('warn-days'), 30)
    const failDays = parseWholeDays('fail-days', get('fail-days'), 7)
    if (failDays > warnDays) {
      throw new InputError(
        `fail-days (${failDays}) must not be greater than warn-days (${warnDays}): a token would fail before it warns.`
      )
    }
    const platform = parseChoice('platform', get('platform') || 'auto', PLATFORMS)
    const site = parseSite(printable('site', get('site')))
    if (site === '' && resolvePlatform(platform, serverUrl.hostname) === 'cloud') {
      throw new InputError(
        'site is empty, but Tableau Cloud has no Default site: give the site\'s content URL, the part after /site/ in the browser address (e.g. "finance").'
      )
    }
    return {
      serverUrl,
      site,
      tokenName,
      tokenSecret,
      platform,
      apiVersion: parseApiVersion(get('api-version') || 'auto'),
      warnDays,
      failDays,
      ...shared
    }
  } catch (err) {
    throw err instanceof InputError && label ? new InputError(label + err.message) : err
  }
}

function parseServerUrl(input: string, warnings: string[]): URL {
  // Quoted in errors below: any user:password@ is dropped first, so a credential is never printed.
  const raw = withoutUserinfo(input)
  const example = 'e.g. https://tableau.example.com or https://10ay.online.tableau.com'
  if (!raw)
    throw new InputError(
      `server-url is empty. Give the address of Tableau Server or of your Tableau Cloud pod, ${example}.`
    )
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new InputError(
      `server-url must be a full address starting with https://, ${example}; got "${raw}".`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `server-url must start with https:// (or http://), ${example}; got "${raw}".`
    )
  }
  if (url.username || url.password) {
    throw new InputError(
      'server-url must not contain a user name or password; the token is the only credential.'
    )
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new InputError(
      `server-url must be the server's address only, without a path, ${example}; got "${raw}". ` +
        'Put the site (the part after /site/ in the browser address) in the site input.'
    )
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    const warning = `server-url uses plain http: the token secret travels unencrypted to ${url.host}. Use https:// if the server offers it.`
    if (!warnings.includes(warning)) warnings.push(warning)
  }
  return url
}

/**
 * The address with everything up to its last `@` (a user name and password, even a malformed
 * one) cut out, keeping the scheme: for quoting in errors.
 */
export function withoutUserinfo(address: string): string {
  return address.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^]*@/i, '$1')
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]'
}

function parseSite(raw: string): string {
  if (/[/#?\s]/.test(raw)) {
    throw new InputError(
      `site must be the site's content URL, the part after /site/ in the browser address (e.g. "finance"), or empty for the Default site; got "${raw}".`
    )
  }
  return raw
}

function parseWholeDays(name: string, raw: string, fallback: number): number {
  if (raw === '') return fallback
  if (!/^\d{1,5}$/.test(raw))
    throw new InputError(
      `${name} must be a whole number of days, got "${raw}". Use 0 or more, e.g. ${fallback}.`
    )
  return Number(raw)
}

function parseTimeoutSeconds(raw: string): number {
  if (raw === '') return 30
  const seconds = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new InputError(
      `timeout-seconds must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, got "${raw}".`
    )
  }
  return seconds
}

function parseRetries(raw: string): number {
  if (raw === '') return 3
  if (!/^\d{1,2}$/.test(raw) || Number(raw) > MAX_RETRIES) {
    throw new InputError(`retries must be a whole number from 0 to ${MAX_RETRIES}, got "${raw}".`)
  }
  return Number(raw)
}

function parseConcurrency(raw: string): number {
  if (raw === '') return 4
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_CONCURRENCY) {
    throw new InputError(
      `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${raw}".`
    )
  }
  return Number(raw)
}

function parseApiVersion(raw: string): string {
  if (raw === 'auto') return raw
  if (!/^\d+\.\d+$/.test(raw))
    throw new InputError(`api-version must be "auto" or a version such as 3.19, got "${raw}".`)
  if (compareVersions(raw, SIGN_IN_FLOOR_VERSION) < 0) {
    throw new InputError(
      `api-version ${raw} is too old: signing in with a PAT needs ${SIGN_IN_FLOOR_VERSION} or later. Use "auto".`
    )
  }
  return raw
}

function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const value = raw.toLowerCase()
  if (!(choices as readonly string[]).includes(value)) {
    throw new InputError(`${name} must be one of ${choices.join(', ')}; got "${raw}".`)
  }
  return value as T
}
