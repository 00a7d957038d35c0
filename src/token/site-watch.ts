/**
 * watch-site-tokens: a Tableau Cloud site admin can list every user's PATs (REST API reference,
 * Authentication Methods: "If you're a Tableau Cloud site admin, you can list and revoke users'
 * PATs"). The walk: the site's users, a page of up to 1000 at a time (Users and Groups Methods,
 * "Get Users on Site", pageSize and pageNumber, totalAvailable in pagination), then each user's
 * token list (GET /api/<v>/sites/<site>/users/<user>/personal-access-tokens), at most
 * `concurrency` requests in flight, each with the client's retries (429 honours Retry-After).
 * The whole walk has one budget (site-watch-seconds): no request starts past it, and none runs on
 * beyond it.
 */
import { mapConcurrently } from '../core/concurrency.js'
import type { TableauClient } from '../tableau/client.js'
import type { SignInAnswer, SiteUser, TokenEntry } from '../tableau/responses.js'

/** Users read at most: a notice says when a site has more. */
export const MAX_SITE_USERS = 5000
const PAGE_SIZE = 1000

export interface SiteTokens {
  owners: Array<{ user: SiteUser; tokens: TokenEntry[] }>
  /** Every user's list was read: no user past the cap, the budget, or a failed request. */
  complete: boolean
  notices: string[]
  warnings: string[]
}

export async function walkSite(
  client: TableauClient,
  version: string,
  session: SignInAnswer,
  {
    concurrency,
    budgetMs,
    maxUsers = MAX_SITE_USERS
  }: { concurrency: number; budgetMs: number; maxUsers?: number }
): Promise<SiteTokens> {
  const deadlineAt = Date.now() + budgetMs
  const outOfTime = (): boolean => Date.now() >= deadlineAt
  const notices: string[] = []
  const warnings: string[] = []
  const users: SiteUser[] = []
  let total: number | undefined
  let pagesCut = false
  for (let page = 1; users.length < maxUsers; page++) {
    if (outOfTime()) {
      pagesCut = true
      break
    }
    const { users: more, totalAvailable } = await client.listSiteUsers(
      version,
      session,
      page,
      PAGE_SIZE,
      deadlineAt
    )
    total ??= totalAvailable
    users.push(...more)
    if (more.length < PAGE_SIZE || (total !== undefined && users.length >= total)) break
  }
  const capped = users.length > maxUsers || (total !== undefined && total > maxUsers)
  if (capped)
    notices.push(
      `watch-site-tokens: the site has ${total ?? 'more than ' + maxUsers} users; the tokens of the first ${maxUsers} were read.`
    )
  const read = users.slice(0, maxUsers)
  let failed = 0
  let late = 0
  const lists = await mapConcurrently(read, concurrency, async user => {
    if (outOfTime()) {
      late++
      return undefined
    }
    try {
      return await client.listTokens(version, session, user.id, deadlineAt)
    } catch {
      if (outOfTime()) late++
      else failed++
      return undefined
    }
  })
  if (failed)
    warnings.push(
      `watch-site-tokens: the token lists of ${failed} of ${read.length} users could not be read (after retries); their tokens are not in this run's results.`
    )
  if (late || pagesCut)
    warnings.push(
      `watch-site-tokens: the walk reached its budget (site-watch-seconds: ${budgetMs / 1000}) ${pagesCut ? `after ${users.length} users of ${total ?? 'an unknown number'}` : `with the token lists of ${late} of ${read.length} users not read`}. The list of the site's tokens is incomplete: raise site-watch-seconds or concurrency.`
    )
  const complete = !capped && !failed && !late && !pagesCut
  return {
    owners: read.flatMap((user, i) => (lists[i] ? [{ user, tokens: lists[i] }] : [])),
    complete,
    notices,
    warnings
  }
}
