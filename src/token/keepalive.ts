/**
 * Keeps one token alive: sign in (which restarts the PAT's idle clock), learn how long the token has
 * left, sign out. Returns a TokenResult and never throws; knows nothing about GitHub Actions.
 */
import { addDays, formatInstant } from '../core/expiry.js'
import { Redactor } from '../text/redact.js'
import { safeLine } from '../text/safe-text.js'
import { TableauClient } from '../tableau/client.js'
import { TableauError } from '../tableau/errors.js'
import { DEFAULT_RETRY_POLICY } from '../tableau/retry.js'
import { cloudManagerLogin, CLOUD_MANAGER_API_VERSION } from '../tableau/cloud-manager.js'
import { PLATFORM_LABELS, resolvePlatform } from '../tableau/platform.js'
import type { SignInAnswer, TokenEntry } from '../tableau/responses.js'
import type { TokenSettings } from './settings.js'
import { SharedConnections } from './connections.js'
import { unwatched, watchOwnerTokens, watchSiteTokens, type WatchRun } from './watch-lists.js'
import { applyExpiry, readExpiry, withConfigured } from './token-expiry.js'
import {
  SIGN_IN_FLOOR_VERSION,
  noTokenListReason,
  versionFrom,
  withVersionHint
} from './versions.js'
import type { TokenResult } from '../core/types.js'
import { messageOf } from '../core/error-text.js'

export interface KeepaliveHooks {
  log(line: string): void
  /** Called with every secret value the moment it is known, before anything else is logged. */
  mask(secret: string): void
  /** Receives one line per HTTP exchange when debugging; never bodies. */
  debug?(line: string): void
  now?(): Date
}

/** What the steps of one token's keepalive share. */
interface Run extends WatchRun {
  connections: SharedConnections
  /** Masks a secret and keeps it out of everything this module returns. */
  protect(secret: string): void
}

export async function keepAlive(
  settings: TokenSettings,
  hooks: KeepaliveHooks,
  shared?: SharedConnections
): Promise<TokenResult> {
  const connections = shared ?? new SharedConnections(settings.timeoutMs)
  const platform = resolvePlatform(settings.platform, settings.serverUrl.hostname)
  const redactor = new Redactor()
  redactor.add(settings.tokenSecret)
  // One line, no piece of a secret: what this module says is safe to print anywhere.
  const redact = (text: string): string => redactor.redact(safeLine(text))
  const run: Run = {
    settings,
    connections,
    client: new TableauClient(settings.serverUrl, connections.transport, {
      retry: { ...DEFAULT_RETRY_POLICY, retries: settings.retries },
      debug: hooks.debug
    }),
    result: {
      tokenName: settings.tokenName,
      site: settings.site,
      server: settings.serverUrl.origin,
      serverHost: settings.serverUrl.host,
      platform,
      status: 'error',
      refreshed: false,
      watched: false,
      expirySource: 'none',
      apiVersion:
        platform === 'cloud-manager'
          ? CLOUD_MANAGER_API_VERSION
          : settings.apiVersion === 'auto'
            ? SIGN_IN_FLOOR_VERSION
            : settings.apiVersion,
      message: '',
      warnings: [],
      notices: []
    },
    log: line => hooks.log(redact(line)),
    protect: secret => {
      hooks.mask(secret)
      redactor.add(secret)
    },
    now: hooks.now ?? (() => new Date())
  }
  const { result } = run
  const how =
    settings.platform === 'auto' ? 'detected from the host name' : 'set by the platform input'
  const where = platform === 'cloud-manager' ? '' : `, site ${siteLabel(settings.site)}`
  run.log(
    `${PLATFORM_LABELS[platform]} at ${result.server} (${how}); token "${settings.tokenName}"${where}`
  )
  try {
    await (platform === 'cloud-manager' ? refreshCloudManagerToken(run) : refreshSiteToken(run))
  } catch (err) {
    result.status = err instanceof TableauError && err.kind === 'rejected' ? 'invalid' : 'error'
    result.message =
      err instanceof TableauError ? err.message : `Unexpected failure: ${String(err)}`
  } finally {
    if (!shared) connections.close()
  }
  // Defence in depth: no secret leaves this module, whatever a server echoed into a message.
  const redacted = (one: TokenResult): TokenResult => ({
    ...one,
    message: redact(one.message),
    warnings: one.warnings.map(redact),
    notices: one.notices.map(redact)
  })
  return {
    ...redacted(result),
    ...(result.watchedTokens ? { watchedTokens: result.watchedTokens.map(redacted) } : {})
  }
}

/** Tableau Server and Tableau Cloud: sign in, read the expiry, sign out. */
async function refreshSiteToken(run: Run): Promise<void> {
  const { settings, result, client } = run
  // Server info runs beside the sign-in (once per server) so that version detection adds no round trip.
  const detected = settings.apiVersion === 'auto' ? run.connections.serverInfo(client) : undefined
  let session: SignInAnswer
  try {
    session = await client.signIn(result.apiVersion, settings)
  } catch (err) {
    throw withVersionHint(err, await detected)
  }
  run.protect(session.token)
  result.ownerId = session.userId
  const signedInAt = markRefreshed(run, `Signed in with API ${result.apiVersion}`)
  if (client.signInRedirect) {
    const { from, to } = client.signInRedirect
    result.server = to
    result.notices.push(
      `Tableau redirected the sign-in from ${from} to ${to}. Set server-url to ${to} to skip the redirect.`
    )
  }
  try {
    if (detected) result.apiVersion = versionFrom(await detected, result.platform, result)
    // One list request at most, shared by the expiry and the watched tokens.
    let list: Promise<TokenEntry[]> | undefined
    const listTokens = (): Promise<TokenEntry[]> =>
      (list ??= client.listTokens(result.apiVersion, session))
    const reported = await readExpiry(listTokens, session, signedInAt, result.platform, result)
    applyExpiry(
      result,
      withConfigured(reported, settings.configuredExpiry, result),
      run.now(),
      settings
    )
    run.log(result.message)
    if (settings.watch) await watchOwnerTokens(run, settings.watch, listTokens)
    if (settings.watchSite) await watchSiteTokens(run, settings.watchSite, session)
  } finally {
    await signOut(client, result.apiVersion, session.token, result, run.log)
  }
}

/**
 * Tableau Cloud Manager: log in, which restarts the idle clock. No logout endpoint is documented,
 * so none is guessed: the session expires on its own. Nor is the token's expiry date documented
 * (sessionExpiration is the session's), so the expiry stays unknown.
 */
async function refreshCloudManagerToken(run: Run): Promise<void> {
  const session = await cloudManagerLogin(run.client, run.settings.tokenSecret)
  run.protect(session.sessionToken)
  markRefreshed(run, 'Logged in to Tableau Cloud Manager')
  applyExpiry(
    run.result,
    withConfigured({ source: 'none' }, run.settings.configuredExpiry, run.result),
    run.now(),
    run.settings
  )
  run.log(
    `${run.result.message} No logout: Tableau Cloud Manager documents none; the session expires on its own.`
  )
  if (run.settings.watch) unwatched(run, noTokenListReason('cloud-manager', run.result.apiVersion)!)
}

/** Records a successful sign-in: the idle clock restarted now. */
function markRefreshed(run: Run, what: string): Date {
  const at = run.now()
  run.result.refreshed = true
  run.result.lastUsedAt = formatInstant(at)
  run.result.refreshBy = formatInstant(addDays(at, run.settings.idleDays))
  run.log(
    `${what}: the token's ${run.settings.idleDays}-day idle clock restarted (refresh by ${run.result.refreshBy})`
  )
  return at
}

async function signOut(
  client: TableauClient,
  version: string,
  token: string,
  result: TokenResult,
  log: (line: string) => void
): Promise<void> {
  try {
    await client.signOut(version, token)
    log('Signed out')
  } catch (err) {
    // The sign-in already restarted the idle clock; a stale session expires on its own.
    result.warnings.push(
      `Sign-out failed (${messageOf(err)}). The token was still refreshed; the session expires on its own within hours.`
    )
  }
}

export function siteLabel(site: string): string {
  return site === '' ? 'Default' : `"${site}"`
}
