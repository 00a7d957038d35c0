/** REST API versions: the floor for a PAT sign-in, the token list's, and what server info says. */
import type { Platform, TokenResult } from '../core/types.js'
import { PLATFORM_LABELS } from '../tableau/platform.js'
import { TableauError } from '../tableau/errors.js'
import type { ServerInfo } from '../tableau/responses.js'
import type { Settled } from './connections.js'
import { messageOf } from '../core/error-text.js'

/** Every PAT-capable server (API 3.6 = Tableau Server 2019.4) accepts a sign-in at this version. */
export const SIGN_IN_FLOOR_VERSION = '3.6'
/** The token list exists from this version on (Tableau Cloud only). */
export const TOKEN_LIST_VERSION = '3.21'

/** The detected version, or a warning and the best fallback when server info failed. */
export function versionFrom(
  info: Settled<ServerInfo>,
  platform: Platform,
  result: TokenResult
): string {
  if (info.ok) return info.value.restApiVersion
  // Tableau Cloud always runs the newest API, so the token list version is a safe guess there.
  const fallback = platform === 'cloud' ? TOKEN_LIST_VERSION : SIGN_IN_FLOOR_VERSION
  const reason = messageOf(info.error)
  result.warnings.push(
    `Could not detect the REST API version (${reason}). Carried on with API ${fallback}; set the api-version input to skip detection.`
  )
  return fallback
}

export function withVersionHint(err: unknown, info: Settled<ServerInfo> | undefined): unknown {
  if (
    !(err instanceof TableauError) ||
    !info?.ok ||
    compareVersions(info.value.restApiVersion, SIGN_IN_FLOOR_VERSION) >= 0
  ) {
    return err
  }
  return new TableauError(
    `${err.message} The server supports REST API ${info.value.restApiVersion} at most; signing in with a PAT needs 3.6 (Tableau Server 2019.4) or later.`,
    err.kind,
    err.httpStatus,
    err.tableauCode
  )
}

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number)
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number)
  return aMajor - bMajor || aMinor - bMinor
}

/**
 * Why this sign-in has no token list to watch from, or undefined when it has one: only Tableau
 * Cloud has the list, from REST API 3.21.
 */
export function noTokenListReason(platform: Platform, apiVersion: string): string | undefined {
  if (platform !== 'cloud') return `${PLATFORM_LABELS[platform]} has no token list`
  if (compareVersions(apiVersion, TOKEN_LIST_VERSION) < 0)
    return `listing tokens needs REST API ${TOKEN_LIST_VERSION}, and this site reports ${apiVersion}`
  return undefined
}
