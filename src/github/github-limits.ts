/**
 * GitHub's documented sizes for issue text, and how text is fitted to them. GitHub counts
 * characters (code points), not bytes or UTF-16 units: an emoji is one, a CJK character is one.
 * - REST "Create an issue": a title over 256 characters is refused with 422 Validation Failed.
 * - An issue body or a comment over 65,536 characters is refused the same way.
 */

import { groupThousands } from '../text/numbers.js'

export const TITLE_MAX_CHARS = 256
export const BODY_MAX_CHARS = 65_536
/** One piece of text from outside (a name, a site, a server) in a body: enough to recognise it. */
export const QUOTED_MAX_CHARS = 500
/** One message or warning in a body or comment: as much as an annotation shows (4,096). */
export const MESSAGE_MAX_CHARS = 4_000

const ELLIPSIS = '…'

/** Characters as GitHub counts them. */
export function charCount(text: string): number {
  // UTF-16 units less one per surrogate pair: one per code point, without copying the text.
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0)
}

/** Made on first use: it loads ICU's break rules, which only a text to shorten needs. */
let graphemes: Intl.Segmenter | undefined

/**
 * The text, or its start and an ellipsis, in at most `max` characters. It is cut between whole
 * graphemes, so no emoji or accented letter is left in pieces.
 */
export function shorten(text: string, max: number): string {
  if (charCount(text) <= max) return text
  let kept = ''
  let count = 0
  // Stryker disable next-line ObjectLiteral: equivalent, grapheme is the Segmenter's default granularity
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  for (const { segment } of graphemes.segment(text)) {
    const size = charCount(segment)
    if (count + size > max - 1) break
    kept += segment
    count += size
  }
  return kept + ELLIPSIS
}

/**
 * A title from fixed words and two pieces of outside text (the token name, the site). When the
 * whole is too long, the two pieces share what the fixed words leave, each taking at least half
 * or what it needs; the fixed words (the status) always stay whole.
 */
export function fitTitle(
  compose: (name: string, site: string) => string,
  name: string,
  site: string,
  max = TITLE_MAX_CHARS
): string {
  const whole = compose(name, site)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a fast path: when the whole fits, the shares below leave both pieces whole
  if (charCount(whole) <= max) return whole
  const room = Math.max(2, max - charCount(compose('', '')))
  const nameNeeds = charCount(name)
  const siteNeeds = charCount(site)
  const half = Math.floor(room / 2)
  // Stryker disable next-line EqualityOperator: equivalent, at siteNeeds = half the other branch gives half too (the whole does not fit, so room - nameNeeds < half)
  const siteRoom = siteNeeds <= half ? siteNeeds : Math.max(half, room - nameNeeds)
  const nameRoom = room - siteRoom
  return compose(shorten(name, nameRoom), shorten(site, siteRoom))
}

/**
 * A body within `max` characters: the head (marker, headline, table) always, then as many of the
 * items (messages, warnings) as fit, whole, and a line saying how many were left out.
 */
export function fitBody(
  head: readonly string[],
  items: readonly string[],
  tail: readonly string[],
  max = BODY_MAX_CHARS
): string {
  const join = (lines: readonly string[]): string => lines.join('\n')
  const whole = join([...head, ...items, ...tail])
  if (charCount(whole) <= max) return whole
  const left = (n: number): string =>
    `> _${n} more ${n === 1 ? 'line was' : 'lines were'} left out to stay within GitHub's ${groupThousands(max)}-character limit: see the workflow run's log._`
  // The body with the first k items: head, k items, the note and tail, one line break between each.
  const fixed = charCount(join([...head, ...tail])) + (head.length + tail.length > 0 ? 1 : 0)
  let itemsLength = 0
  const lengthWith = (k: number, next: number): number =>
    fixed + itemsLength + next + k + charCount(left(items.length - k))
  let kept = 0
  // Whole items in order while the next still fits. The last never does: all of them with the
  // note are longer than the whole body, which did not fit.
  // Stryker disable next-line EqualityOperator: equivalent, the loop breaks before kept reaches items.length (see above)
  while (kept < items.length) {
    const next = charCount(items[kept]!)
    if (lengthWith(kept + 1, next) > max) break
    itemsLength += next
    kept++
  }
  return join([...head, ...items.slice(0, kept), left(items.length - kept), ...tail])
}
