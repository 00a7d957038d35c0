/** One token's inputs (or one entry of the tokens list) into TokenSettings, server-url above all. */
import { InputError } from '../core/input-error.js'
import type { TokenSettings } from '../token/settings.js'
import { resolvePlatform, type PlatformChoice } from '../tableau/platform.js'
import { type EntryField } from './token-list.js'
import {
  printable,
  parseWholeDays,
  parseApiVersion,
  parseChoice,
  parseDaysInRange
} from './values.js'
import { DEFAULT_IDLE_DAYS, addDays, parseInstant } from '../core/expiry.js'
import type { ConfiguredExpiry } from '../token/token-expiry.js'

export const PLATFORMS: readonly PlatformChoice[] = ['auto', 'server', 'cloud', 'cloud-manager']

/** List entries name the token fields name and secret; every other field is named like its input. */
export const ENTRY_FIELD_OF: Record<string, EntryField> = {
  'token-name': 'name',
  'token-secret': 'secret',
  'server-url': 'server-url',
  site: 'site',
  platform: 'platform',
  'api-version': 'api-version',
  'warn-days': 'warn-days',
  'fail-days': 'fail-days',
  'idle-days': 'idle-days',
  'token-created-at': 'created-at',
  'token-expires-at': 'expires-at',
  'max-age-days': 'max-age-days'
}

/** One token's settings; `label` prefixes errors with the list entry they belong to. */
export function tokenSettings(
  get: (input: string) => string,
  label: string,
  shared: Pick<TokenSettings, 'timeoutMs' | 'retries' | 'watch' | 'refreshIfIdleHours'>,
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
    const idleDays = parseDaysInRange('idle-days', get('idle-days'), DEFAULT_IDLE_DAYS, 1, 365)
    const configuredExpiry = readConfiguredExpiry(get)
    return {
      serverUrl,
      site,
      tokenName,
      tokenSecret,
      platform,
      apiVersion: parseApiVersion(get('api-version') || 'auto'),
      warnDays,
      failDays,
      idleDays,
      ...(configuredExpiry ? { configuredExpiry } : {}),
      ...shared
    }
  } catch (err) {
    throw err instanceof InputError && label ? new InputError(label + err.message) : err
  }
}

/**
 * token-expires-at, or token-created-at plus max-age-days (365 by default, Tableau Server's
 * default lifetime): the expiry a server that does not report one has by configuration.
 */
function readConfiguredExpiry(get: (input: string) => string): ConfiguredExpiry | undefined {
  const expiresAt = parseDateInput('token-expires-at', get('token-expires-at'))
  const maxAgeDays = parseDaysInRange('max-age-days', get('max-age-days'), 365, 1, 3650)
  if (expiresAt) return { expiresAt, from: 'token-expires-at' }
  const createdAt = parseDateInput('token-created-at', get('token-created-at'))
  if (!createdAt) return undefined
  return {
    expiresAt: addDays(createdAt, maxAgeDays),
    from: `token-created-at + ${maxAgeDays} days`
  }
}

/** An ISO date (2026-01-15, read as midnight UTC) or an instant with its zone. */
function parseDateInput(name: string, raw: string): Date | undefined {
  if (!raw) return undefined
  const date = parseInstant(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw)
  if (!date)
    throw new InputError(
      `${name} must be a date such as 2026-01-15 or an instant such as 2026-01-15T09:30:00Z, got "${raw.slice(0, 40)}".`
    )
  return date
}

export function parseServerUrl(input: string, warnings: string[]): URL {
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

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]'
}

export function parseSite(raw: string): string {
  if (/[/#?\s]/.test(raw)) {
    throw new InputError(
      `site must be the site's content URL, the part after /site/ in the browser address (e.g. "finance"), or empty for the Default site; got "${raw}".`
    )
  }
  return raw
}
