/**
 * watch-site-tokens: a Tableau Cloud site admin can list every user's PATs (REST API reference,
 * Authentication Methods: "If you're a Tableau Cloud site admin, you can list and revoke users'
 * PATs"). The walk: the site's users, a page of up to 1000 at a time (Users and Groups Methods,
 * "Get Users on Site", pageSize and pageNumber, totalAvailable in pagination), then each user's
 * token list (GET /api/<v>/sites/<site>/users/<user>/personal-access-tokens), at most
 * `concurrency` requests in flight, each with the client's retries (429 honours Retry-After).
 */
import { mapConcurrently } from '../core/concurrency.js'
import type { TableauClient } from '../tableau/client.js'
import type { SignInAnswer, SiteUser, TokenEntry } from '../tableau/responses.js'

/** Users read at most: a notice says when a site has more. */
export const MAX_SITE_USERS = 5000
const PAGE_SIZE = 1000

export interface SiteTokens {
  owners: Array<{ user: SiteUser; tokens: TokenEntry[] }>
  notices: string[]
  warnings: string[]
}

export async function walkSite(
  client: TableauClient,
  version: string,
  session: SignInAnswer,
  { concurrency, maxUsers = MAX_SITE_USERS }: { concurrency: number; maxUsers?: number }
): Promise<SiteTokens> {
  const notices: string[] = []
  const warnings: string[] = []
  const users: SiteUser[] = []
  let total: number | undefined
  for (let page = 1; users.length < maxUsers; page++) {
    const { users: more, totalAvailable } = await client.listSiteUsers(
      version,
      session,
      page,
      PAGE_SIZE
    )
    total ??= totalAvailable
    users.push(...more)
    if (more.length < PAGE_SIZE || (total !== undefined && users.length >= total)) break
  }
  if (users.length > maxUsers || (total !== undefined && total > maxUsers))
    notices.push(
      `watch-site-tokens: the site has ${total ?? 'more than ' + maxUsers} users; the tokens of the first ${maxUsers} were read.`
    )
  const read = users.slice(0, maxUsers)
  let failed = 0
  const lists = await mapConcurrently(read, concurrency, async user => {
    try {
      return await client.listTokens(version, session, user.id)
    } catch {
      failed++
      return undefined
    }
  })
  if (failed)
    warnings.push(
      `watch-site-tokens: the token lists of ${failed} of ${read.length} users could not be read (after retries); their tokens are not in this run's results.`
    )
  return {
    owners: read.flatMap((user, i) => (lists[i] ? [{ user, tokens: lists[i] }] : [])),
    notices,
    warnings
  }
}
