/**
 * One rule for following a redirect, shared by the Tableau client and the heartbeat: where a
 * request (and the secret or key it carries) may be re-sent, and at most how often.
 */
import { excerptOf } from './responses.js'

export const MAX_REDIRECTS = 3

/** Where to go next, or why not (a phrase: "redirected to ...") and whether it was the count. */
export type Hop = { to: URL } | { refused: string; tooMany?: true }

/**
 * The next address of a redirect from `from` to `location`, this being redirect number `hop`
 * (from 0): only http(s), never from https down to http, never past MAX_REDIRECTS, and only where
 * `mayFollow` allows.
 */
export function nextHop(
  from: URL,
  location: string,
  hop: number,
  mayFollow: (from: URL, to: URL) => boolean
): Hop {
  let to: URL
  try {
    to = new URL(location, from)
  } catch {
    return { refused: `redirected to an unreadable address "${excerptOf(location, 80)}"` }
  }
  if (hop >= MAX_REDIRECTS)
    return { refused: `redirected more than ${MAX_REDIRECTS} times`, tooMany: true }
  if (to.protocol !== 'https:' && to.protocol !== 'http:')
    return { refused: `redirected to a ${to.protocol} address` }
  if (from.protocol === 'https:' && to.protocol !== 'https:')
    return { refused: `redirected to ${to.origin}, which drops https` }
  if (!mayFollow(from, to)) return { refused: `redirected to ${to.origin}, another origin` }
  return { to }
}
