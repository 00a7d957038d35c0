/** Results and settings the unit tests start from: a signed-in monitoring token on Tableau Cloud. */
import type { TokenResult } from '../../src/core/types.js'

export function signedIn(fields: Partial<TokenResult> = {}): TokenResult {
  return {
    tokenName: 'monitor',
    site: 'finance',
    server: 'https://10ay.online.tableau.com',
    serverHost: '10ay.online.tableau.com',
    platform: 'cloud',
    status: 'ok',
    refreshed: true,
    watched: false,
    expirySource: 'sign-in',
    apiVersion: '3.24',
    message: '',
    warnings: [],
    notices: [],
    ...fields
  }
}

/** watch-owner-tokens for every token, with the default thresholds and idle window. */
export const WATCH_ALL = {
  selection: { all: true } as const,
  idleWarnDays: 3,
  warnDays: 30,
  failDays: 7,
  idleDays: 15
}
