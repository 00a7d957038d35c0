/**
 * Reads and validates every input once, up front, into Settings. Errors name the input, say what
 * was wrong and what is expected; nothing downstream reads inputs again.
 */
import { SIGN_IN_FLOOR_VERSION, compareVersions, type TokenSettings } from './keepalive.js'
import type { PlatformChoice } from './tableau/platform.js'

export interface Settings extends TokenSettings {
  /** Things worth telling the user that do not stop the run (e.g. plain http). */
  warnings: string[]
}

export interface InputSource {
  /** The input's value, trimmed; '' when not given. */
  get(name: string): string
  /** Masks a secret in all later log output. */
  mask(secret: string): void
}

export class InputError extends Error {
  override readonly name = 'InputError'
}

const PLATFORMS: readonly PlatformChoice[] = ['auto', 'server', 'cloud']
const MAX_TIMEOUT_SECONDS = 600

export function readSettings(source: InputSource): Settings {
  // The secret is masked before anything else can be logged.
  const tokenSecret = source.get('token-secret')
  if (tokenSecret) source.mask(tokenSecret)
  if (!tokenSecret) {
    throw new InputError(
      'token-secret is empty. Pass the PAT secret from a repository secret, e.g. token-secret: ${{ secrets.TABLEAU_PAT_SECRET }}; ' +
        'if it is set, check the secret name (workflows triggered from forks receive no secrets).'
    )
  }
  const warnings: string[] = []
  const serverUrl = parseServerUrl(source.get('server-url'), warnings)
  const tokenName = source.get('token-name')
  if (!tokenName)
    throw new InputError(
      'token-name is empty. Give the name of the Personal Access Token as shown in Tableau.'
    )
  const warnDays = parseWholeDays('warn-days', source.get('warn-days'), 30)
  const failDays = parseWholeDays('fail-days', source.get('fail-days'), 7)
  if (failDays > warnDays) {
    throw new InputError(
      `fail-days (${failDays}) must not be greater than warn-days (${warnDays}): a token would fail before it warns.`
    )
  }
  return {
    serverUrl,
    site: parseSite(source.get('site')),
    tokenName,
    tokenSecret,
    platform: parseChoice('platform', source.get('platform') || 'auto', PLATFORMS),
    apiVersion: parseApiVersion(source.get('api-version') || 'auto'),
    warnDays,
    failDays,
    timeoutMs: parseTimeoutSeconds(source.get('timeout-seconds')) * 1000,
    warnings
  }
}

function parseServerUrl(raw: string, warnings: string[]): URL {
  const example = 'e.g. https://tableau.example.com or https://10ay.online.tableau.com'
  if (!raw)
    throw new InputError(
      `server-url is empty. Give the address of Tableau Server or of your Tableau Cloud pod, ${example}.`
    )
  let url: URL
  try {
    url = new URL(raw)
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
    warnings.push(
      `server-url uses plain http: the token secret travels unencrypted to ${url.host}. Use https:// if the server offers it.`
    )
  }
  return url
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
