/**
 * The shared vocabulary: what a token check concludes and what the report and the issues say of
 * it. The bottom of the layers: it imports nothing of this project's but the status words.
 */
import type { Status } from './status.js'

/** Where a token lives: Tableau Server, Tableau Cloud or Tableau Cloud Manager. */
export type Platform = 'server' | 'cloud' | 'cloud-manager'

/** One entry of an owner's token list, as Tableau gave it. */
export interface ListedToken {
  tokenName: string
  expiresAt?: string
  lastUsedAt?: string
}

/**
 * Tableau answers 401001 alike for a wrong secret or site, a revoked, expired or removed token:
 * what the action could tell apart from what it knows.
 */
export type InvalidCause =
  'secret-or-site' | 'expired-idle' | 'expired-date' | 'revoked-or-removed' | 'unknown'

export type ExpirySource = 'sign-in' | 'token-list' | 'configured' | 'none'

export interface TokenResult {
  tokenName: string
  site: string
  server: string
  /** The host of server-url as given (before any redirect): part of the token's identity. */
  serverHost: string
  platform: Platform
  status: Status
  refreshed: boolean
  /** Seen in its owner's token list, not signed in with (watch-owner-tokens). */
  watched: boolean
  /** The signed-in token whose token list this watched token came from. */
  watchedBy?: string
  /** The token's last use: this sign-in for a refreshed token, the token list's for a watched one. */
  lastUsedAt?: string
  /** Last use + 15 days: when a watched token dies unless used. */
  idleExpiresAt?: string
  /** The owner's tokens watched through this sign-in, listed after the refreshed tokens. */
  watchedTokens?: TokenResult[]
  /** Whether this sign-in read its owner's token list for watch-owner-tokens. */
  watchList?: 'read' | 'unread'
  /**
   * The owner's token list, when it was read: tells a token that is gone from one that is only not
   * selected, and why another token of the owner was rejected.
   */
  listedTokens?: ListedToken[]
  /** The owner's display name, for tokens watched across a site (watch-site-tokens). */
  owner?: string
  /**
   * Whether this (site admin's) sign-in read every user's token list for watch-site-tokens: an
   * incomplete walk (past site-watch-seconds, the user cap, or a failed list) closes no issue.
   */
  siteWatch?: 'complete' | 'incomplete'
  /** Not signed in with on purpose (refresh-if-idle-hours): it was used recently. */
  skipped?: 'used-recently'
  /** Why Tableau most likely rejected the token (status invalid), when the action can tell. */
  invalidCause?: InvalidCause
  /**
   * The owner's user id (from the sign-in; a watched token has its signer's): two users' tokens
   * of the same name are two tokens. Internal: not in the results output.
   */
  ownerId?: string
  daysUntilExpiry?: number
  expiresAt?: string
  expirySource: ExpirySource
  refreshBy?: string
  apiVersion: string
  /** One sentence on the outcome; for failures, what went wrong and what to do. */
  message: string
  /** Problems that did not decide the status (sign-out failed, version unknown, expiry unreadable). */
  warnings: string[]
  notices: string[]
}

export type IssueAction = 'created' | 'updated' | 'closed' | 'none'

export interface IssueOutcome {
  number?: number
  url?: string
  action: IssueAction
  /** The token's status or days-left bracket changed: the issue was opened, commented or closed. */
  changed?: boolean
}

export interface Annotation {
  level: 'notice' | 'warning' | 'error'
  title: string
  message: string
  /** A combined annotation's findings, one per line of message. */
  items?: string[]
  /** How bad the finding is (the token status's severity): the worst come first when combined. */
  rank?: number
}
