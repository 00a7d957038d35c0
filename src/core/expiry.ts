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

/**
 * Parses an ISO-8601 instant that names its zone (`Z` or an offset); undefined otherwise, and
 * for a date or time that does not exist ("2099-02-30" is not the 2nd of March).
 */
export function parseInstant(text: string | undefined): Date | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):?(\d{2}))$/.exec(
      text?.trim() ?? ''
    )
  if (!match) return undefined
  const [year, month, day, hour, minute, second = 0, , , offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map(part => (part === undefined ? undefined : Number(part)))
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate()
  if (
    month! < 1 ||
    month! > 12 ||
    day! < 1 ||
    day! > daysInMonth ||
    hour! > 23 ||
    minute! > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  )
    return undefined
  const date = new Date(text!.trim())
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** Whole days from `now` until `instant`, rounded down (negative once past). */
export function daysUntil(instant: Date, now: Date): number {
  return Math.floor((instant.getTime() - now.getTime()) / DAY_MS)
}

/** ISO-8601 UTC without milliseconds, e.g. 2026-12-05T16:55:46Z. */
export function formatInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}
