/** The step outputs for a token result (names are the action's public interface). */
import type { TokenResult } from '../keepalive.js'

export type Outputs = Record<
  | 'status'
  | 'platform'
  | 'refreshed'
  | 'days-until-expiry'
  | 'expires-at'
  | 'expiry-source'
  | 'refresh-by'
  | 'api-version',
  string
>

export function outputsFor(result: TokenResult): Outputs {
  return {
    status: result.status,
    platform: result.platform,
    refreshed: String(result.refreshed),
    'days-until-expiry': result.daysUntilExpiry === undefined ? '' : String(result.daysUntilExpiry),
    'expires-at': result.expiresAt ?? '',
    'expiry-source': result.expirySource,
    'refresh-by': result.refreshBy ?? '',
    'api-version': result.apiVersion
  }
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
    'api-version': ''
  }
}
