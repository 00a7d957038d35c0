/**
 * Watching through one sign-in: the owner's other PATs (watch-owner-tokens) and every user's PATs
 * of the site (watch-site-tokens), reported from the token lists, never signed in with.
 */
import type { TableauClient } from '../tableau/client.js'
import type { SignInAnswer, TokenEntry } from '../tableau/responses.js'
import type { TokenResult } from '../core/types.js'
import type { TokenSettings } from './settings.js'
import { watchedResults, type WatchOptions } from './watch.js'
import { walkSite } from './site-watch.js'
import { noTokenListReason } from './versions.js'
import { messageOf } from '../core/error-text.js'

/** What watching needs of one token's run. */
export interface WatchRun {
  settings: TokenSettings
  result: TokenResult
  client: TableauClient
  log(line: string): void
  now(): Date
}

/**
 * watch-owner-tokens: the owner's other PATs, from the token list of this sign-in. Only Tableau
 * Cloud has the list; elsewhere, or when it cannot be read, a warning and no watched tokens.
 */
export async function watchOwnerTokens(
  run: WatchRun,
  watch: WatchOptions,
  listTokens: () => Promise<TokenEntry[]>
): Promise<void> {
  const { result, settings } = run
  const noList = noTokenListReason(result.platform, result.apiVersion)
  if (noList) return unwatched(run, noList)
  try {
    const list = await listTokens()
    result.watchList = 'read'
    result.listedTokens = list.map(({ tokenName, expiresAt, lastUsedAt }) => ({
      tokenName,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(lastUsedAt === undefined ? {} : { lastUsedAt })
    }))
    result.watchedTokens = watchedResults(list, result, { ...watch, ...settings }, run.now())
    run.log(
      `Watched ${result.watchedTokens.length} of the ${list.length} tokens in the owner's token list (not signed in with them)`
    )
  } catch (err) {
    unwatched(run, `the token list could not be read (${messageOf(err)})`)
  }
}

/**
 * watch-site-tokens: every user's tokens of the site, through this (site admin's) sign-in, each
 * reported like a watched token, with its owner's display name.
 */
export async function watchSiteTokens(
  run: WatchRun,
  watchSite: NonNullable<TokenSettings['watchSite']>,
  session: SignInAnswer
): Promise<void> {
  const { result, settings } = run
  const noList = noTokenListReason(result.platform, result.apiVersion)
  if (noList) {
    result.warnings.push(`watch-site-tokens: ${noList}, so no tokens of the site were watched.`)
    return
  }
  try {
    const site = await walkSite(run.client, result.apiVersion, session, watchSite)
    result.siteWatch = site.complete ? 'complete' : 'incomplete'
    result.notices.push(...site.notices)
    result.warnings.push(...site.warnings)
    if (!site.complete)
      result.warnings.push(
        'watch-site-tokens: this run did not see every token of the site, so it closes no issue of a token it did not see; the next complete walk does.'
      )
    // One instant for the whole site, as the owner's list has: every deadline against the same now.
    const now = run.now()
    // A token is its owner's and its name: only the signer's own token is left out (it is
    // refreshed, not watched), never another user's token that happens to share its name.
    const found = site.owners.flatMap(({ user, tokens }) =>
      watchedResults(
        tokens,
        { ...result, ownerId: user.id },
        { ...watchSite, ...settings },
        now,
        user.id === session.userId
      ).map(watched => ({ ...watched, owner: user.displayName ?? `user ${user.id}` }))
    )
    result.watchedTokens = [...(result.watchedTokens ?? []), ...found]
    run.log(
      `Watched ${found.length} tokens of ${site.owners.length} users of the site (not signed in with them)`
    )
  } catch (err) {
    result.siteWatch = 'incomplete'
    result.warnings.push(
      `watch-site-tokens: the site's users could not be listed (${messageOf(err)}); a site admin's token is needed.`
    )
  }
}

/** Says why no other token was watched; the issues of watched tokens are then left alone. */
export function unwatched({ result }: WatchRun, why: string): void {
  result.watchList = 'unread'
  result.warnings.push(`watch-owner-tokens: ${why}, so no other tokens were watched.`)
}
