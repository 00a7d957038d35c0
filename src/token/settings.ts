/** What one token's keepalive is told: where, which token, and how to judge it. */
import type { Thresholds } from '../core/status.js'
import type { PlatformChoice } from '../tableau/platform.js'
import type { ConfiguredExpiry } from './token-expiry.js'
import type { WatchOptions } from './watch.js'

export interface TokenSettings extends Thresholds {
  serverUrl: URL
  site: string
  tokenName: string
  tokenSecret: string
  platform: PlatformChoice
  /** 'auto' or a version such as "3.19". */
  apiVersion: string
  timeoutMs: number
  /** Further attempts after a network fault, 429 or 5xx (never after a rejected sign-in). */
  retries: number
  /** A PAT unused for this many days expires (idle-days; 15 by default). */
  idleDays: number
  /** The expiry by configuration (token-expires-at, token-created-at + max-age-days). */
  configuredExpiry?: ConfiguredExpiry
  /** Watch the owner's other PATs through this token's sign-in (watch-owner-tokens). */
  watch?: WatchOptions
  /** Watch every user's tokens of the site (watch-site-tokens; a site admin's token). */
  watchSite?: {
    selection: WatchOptions['selection']
    idleWarnDays: number
    concurrency: number
    /** The whole walk's time (site-watch-seconds): users not read by then are left out. */
    budgetMs: number
  }
  /** Sign in only when the token list shows no use within this many hours (Tableau Cloud). */
  refreshIfIdleHours?: number
}
