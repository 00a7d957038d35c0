/** Expiry arithmetic: all in UTC, whole days rounded down. */

export const DAY_MS = 24 * 60 * 60 * 1000
/**
 * A PAT unused for this long expires, by default (Tableau Server and Cloud). Server admins can
 * change it (refresh_token.idle_expiry_in_seconds), and Tableau's pages say 14 in places: the
 * idle-days input sets it.
 */
export const DEFAULT_IDLE_DAYS = 15

/**
 * Parses sign-in's `estimatedTimeToExpiration` (`days:hours:minutes`, e.g. "173:21:12") into
 * milliseconds. Lenient about spacing and an optional seconds part; undefined when unreadable,
 * including a field out of its range ("1:99:99" is not 5 days).
 */
export function parseTimeToExpiration(text: string | undefined): number | undefined {
  // Stryker disable next-line StringLiteral: equivalent, no fallback text matches the pattern
  const match = /^\s*(\d{1,6}):(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*$/.exec(text ?? '')
  if (!match) return undefined
  const [days, hours, minutes, seconds] = match.slice(1).map(part => Number(part ?? 0)) as [
    number,
    number,
    number,
    number
  ]
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined
  return ((days * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/

/**
 * Parses an ISO-8601 instant that names its zone (`Z` or an offset); undefined otherwise, and
 * for a date or time that does not exist ("2099-02-30" is not the 2nd of March). Built from its
 * parts, so that every range is checked here rather than left to the engine's Date parser.
 */
export function parseInstant(text: string | undefined): Date | undefined {
  // Stryker disable next-line StringLiteral: equivalent, no fallback text matches the pattern
  const match = INSTANT.exec(text?.trim() ?? '')
  if (!match) return undefined
  const part = (index: number): number => Number(match[index] ?? 0)
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [
    1, 2, 3, 4, 5, 6, 9, 10
  ].map(part) as [number, number, number, number, number, number, number, number]
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59)
    return undefined
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes)
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  // A month or day out of range rolls over into another month: that date does not exist.
  if (date.getUTCMonth() !== month - 1) return undefined
  const millis = Number((match[7] ?? '').slice(1, 4).padEnd(3, '0')) // truncated, as Date does
  date.setUTCHours(hour, minute - offset, second, millis)
  return date
}

/** Whole days from `now` until `instant`, rounded down (negative once past). */
export function daysUntil(instant: Date, now: Date): number {
  return Math.floor((instant.getTime() - now.getTime()) / DAY_MS)
}

/** ISO-8601 UTC without milliseconds, e.g. 2026-12-05T16:55:46Z. */
export function formatInstant(date: Date): string {
  // Stryker disable next-line Regex: equivalent, toISOString has one ".sssZ", at its end
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}
