/**
 * Wall-clock time in an IANA zone, for cron: which UTC instants a local date and time stand for,
 * across DST changes. Offsets come from Intl (the ICU data Node ships); a zone is read once into
 * the offset changes of the window asked for, so the per-run work is arithmetic.
 */
import { DAY_MS } from '../core/expiry.js'

const MINUTE_MS = 60_000
/**
 * Offset changes are searched for at this step, then narrowed down to the minute. In the tz data
 * Node ships, no zone changes its offset twice within 35 days (Casablanca's Ramadan changes come
 * closest; the full reference test checks every zone for three years): two weeks is well inside
 * that, and costs 30 look-ups a zone for the horizon.
 */
export const SCAN_STEP_MS = 14 * DAY_MS

/** Marks a day on which the offset changes: no offset is a day long. */
export const OFFSET_CHANGES = 24 * 60

/** Formatters made, by zone: making one costs about 0.1 ms, as much as 100 offset look-ups. */
const formatters = new Map<string, Intl.DateTimeFormat>()

/** The zone's formatter of offsets ("GMT+05:30"); throws for a name that is no IANA zone. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone)
  // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same formatter again)
  if (!format)
    formatters.set(
      zone,
      (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }))
    )
  return format
}

export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/** One stretch of constant offset: from `from` (UTC ms) until the next segment's `from`. */
interface Segment {
  from: number
  offset: number
}

/** Where a local time falls: once, twice (the repeated hour), or in a skipped stretch. */
export type LocalTime =
  | { kind: 'once'; at: number }
  | { kind: 'twice'; first: number; second: number }
  | { kind: 'skipped'; next: number }

export class ZoneClock {
  private readonly segments: Segment[]

  /** Reads the zone's offsets between `fromMs` and `toMs` (UTC). */
  constructor(
    readonly zone: string | undefined,
    readonly fromMs: number,
    readonly toMs: number
  ) {
    this.segments = zone ? readSegments(zone, fromMs, toMs) : [{ from: -Infinity, offset: 0 }]
  }

  /** The zone's clock between `fromMs` and `toMs`: this one when it was read that far. */
  over(fromMs: number, toMs: number): ZoneClock {
    return fromMs >= this.fromMs && toMs <= this.toMs
      ? this
      : new ZoneClock(this.zone, fromMs, toMs)
  }

  /** Offset (ms, local minus UTC) at a UTC instant. */
  offsetAt(utcMs: number): number {
    return this.segmentAt(utcMs).offset
  }

  /**
   * A local date-time (as if it were UTC: `Date.UTC(y, m, d, h, min)`) to the instants it
   * names. A skipped time advances to the next valid time, the moment the clocks jump, as
   * GitHub documents for spring-forward transitions.
   */
  toUtc(local: number): LocalTime {
    const hits: number[] = []
    for (let i = 0; i < this.segments.length; i++) {
      const { from, offset } = this.segments[i]!
      const until = this.segments[i + 1]?.from ?? Infinity
      const at = local - offset
      if (at >= from && at < until) hits.push(at)
    }
    if (hits.length === 1) return { kind: 'once', at: hits[0]! }
    if (hits.length >= 2) return { kind: 'twice', first: hits[0]!, second: hits[hits.length - 1]! }
    // In a gap: the first segment whose local start lies after this time.
    // Stryker disable next-line EqualityOperator: equivalent, a segment starting at `local` is a hit
    const next = this.segments.find(({ from, offset }) => from + offset > local)
    return { kind: 'skipped', next: next ? next.from : Infinity }
  }

  /** True when no offset changes within [fromMs, toMs): every local time there is simple. */
  steadyBetween(fromMs: number, toMs: number): boolean {
    return this.segmentAt(fromMs) === this.segmentAt(toMs)
  }

  /**
   * For each of `count` local days from `firstDay` (days since 1970-01-01), in minutes: the offset
   * when it holds from `marginMs` before the day's midnight (written as if it were UTC) to
   * `marginMs` after its end, OFFSET_CHANGES when it changes in that stretch.
   */
  steadyOffsetMinutes(firstDay: number, count: number, marginMs: number): Int32Array {
    const offsets = new Int32Array(count)
    const segments = this.segments
    // The first day (0..count) whose stretch starts at or after `utcMs`.
    const firstStartingAt = (utcMs: number): number =>
      Math.min(count, Math.max(0, Math.ceil((utcMs + marginMs) / DAY_MS) - firstDay))
    // Each segment's offset from the first day whose stretch starts in it (a later one writes over)...
    for (const { from, offset } of segments) offsets.fill(offset / MINUTE_MS, firstStartingAt(from))
    // ...but a day whose stretch holds a change has none.
    for (let i = 1; i < segments.length; i++) {
      const change = segments[i]!.from
      offsets.fill(
        OFFSET_CHANGES,
        firstStartingAt(change - DAY_MS - 2 * marginMs),
        firstStartingAt(change)
      )
    }
    return offsets
  }

  private segmentAt(utcMs: number): Segment {
    let found = this.segments[0]!
    for (const segment of this.segments) {
      if (segment.from > utcMs) break
      found = segment
    }
    return found
  }
}

function readSegments(zone: string, fromMs: number, toMs: number): Segment[] {
  const offsetAt = offsetReader(zone)
  const segments: Segment[] = [{ from: -Infinity, offset: offsetAt(fromMs) }]
  // Stryker disable next-line EqualityOperator: equivalent, one step more reads past the window
  for (let at = fromMs; at < toMs; at += SCAN_STEP_MS) {
    const before = segments[segments.length - 1]!.offset
    const after = offsetAt(at + SCAN_STEP_MS)
    if (after === before) continue
    // Narrow the change down to the minute: zones change offset on a whole minute.
    let low = at
    let high = at + SCAN_STEP_MS
    while (high - low > MINUTE_MS) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS
      if (offsetAt(middle) === before) low = middle
      else high = middle
    }
    segments.push({ from: high, offset: after })
  }
  return segments
}

/**
 * The zone's offset from UTC at an instant, from Intl's "GMT+05:30" form: one format call, with
 * nothing to split into parts. Offsets are whole minutes in every zone since the 1970s.
 */
function offsetReader(zone: string): (utcMs: number) => number {
  const format = formatterFor(zone)
  return utcMs => {
    const match = /GMT([+-])(\d\d):(\d\d)/.exec(format.format(utcMs))
    // Stryker disable next-line ConditionalExpression: equivalent on Node 20, whose ICU writes "GMT+00:00"; the standard's "GMT" alone is offset 0
    if (!match) return 0
    const minutes = Number(match[2]) * 60 + Number(match[3])
    return (match[1] === '-' ? -minutes : minutes) * MINUTE_MS
  }
}
