/**
 * The runs of crons in time order, straight from their field sets: for each local day a cron runs
 * on, its times of day through the zone's offset (minute by minute only on a day the offset
 * changes), put in time order across crons a local day at a time; and the first run past a horizon.
 */
import { DAY_MS } from '../core/expiry.js'
import { runsOnDate, type CronSpec } from './cron.js'
import { OFFSET_CHANGES, ZoneClock } from './zone.js'

const MINUTE_MS = 60_000
/** How far ahead runs are computed: the gap after the last one runs on to the next run after it. */
export const HORIZON_DAYS = 400
/** How far past the horizon the next run of a rare cron (29 February) is looked for. */
const NEXT_RUN_SEARCH_DAYS = 8 * 366
/** More than any zone's offset from UTC (-12 h to +14 h). */
const ZONE_MARGIN_MS = 15 * 3_600_000

/** The runs counted: from the first whole minute after now (a run at now is no next run) on. */
export interface Horizon {
  fromMs: number
  untilMs: number
}

export function horizonOf(now: Date): Horizon {
  return {
    fromMs: Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS,
    untilMs: now.getTime() + HORIZON_DAYS * DAY_MS
  }
}

/** A cron and the clock of its zone (one clock per zone, shared). */
export interface CronInZone {
  spec: CronSpec
  clock: ZoneClock
}

/**
 * The longest stretch without a run from now on; the first run; the last (or now); and the first
 * run past the window when it comes within a week (a cron that runs weekly or more often).
 */
export interface Gaps {
  longestGapMs: number
  first?: number
  last: number
  next?: number
}

/** How many runs are counted between two readings of the clock: reading it costs more than a run. */
const RUNS_PER_CLOCK_READING = 1024
/** How many runs wait before they are sorted and counted. */
const RUNS_PER_SETTLE = 256
const MINUTES_PER_DAY = 24 * 60
/** How far past the window runs are looked for as they are counted: the next run of most crons. */
const LOOKAHEAD_DAYS = 7
const LOOKAHEAD_MINUTES = LOOKAHEAD_DAYS * MINUTES_PER_DAY
/**
 * How far past the horizon a zone's clock is read, so that measureGaps need not read it again:
 * the lookahead, the stretch around its last local day (under 3 days), and the first days
 * nextRunBeyond looks at.
 */
export const CLOCK_REACH_PAST_HORIZON_MS = (LOOKAHEAD_DAYS + 3) * DAY_MS
const ZONE_MARGIN_MINUTES = ZONE_MARGIN_MS / MINUTE_MS

/**
 * The longest stretch between now and the runs of all the crons in the window, in time order.
 * Local days are walked in order; a day's runs of every cron go into one buffer, and once a few
 * hundred wait, those no later day can precede (a zone is at most 14 h ahead of UTC) are sorted
 * natively and counted.
 * Runs are whole minutes since 1970, small integers: arithmetic on them allocates nothing, even
 * before the code is compiled. Undefined when `outOfTime` said stop.
 */
export function measureGaps(
  crons: readonly CronInZone[],
  window: Horizon,
  nowMs: number,
  outOfTime: () => boolean
): Gaps | undefined {
  // The window starts on a whole minute; a run at its very end still counts (the trailing gap).
  const from = window.fromMs / MINUTE_MS
  const until = Math.floor(window.untilMs / MINUTE_MS)
  // Every local day that can hold a run in the window or the week past it, in any zone.
  const firstDay = Math.floor((from - ZONE_MARGIN_MINUTES) / MINUTES_PER_DAY)
  const dayCount =
    Math.floor((until + LOOKAHEAD_MINUTES + ZONE_MARGIN_MINUTES) / MINUTES_PER_DAY) - firstDay + 1
  // A run of a later local day comes after this, so the first run past the window up to it is the
  // first of all; past it, nextRunBeyond looks.
  const lookahead = (firstDay + dayCount) * MINUTES_PER_DAY - ZONE_MARGIN_MINUTES
  const gaps = new GapMeter(from, until, lookahead)
  const calendar = calendarOf(firstDay, dayCount)
  const offsetsByClock = new Map<ZoneClock, Int32Array>()
  // Crons with the same day fields run on the same days: those are worked out once for them all.
  const byDays = new Map<string, DayGroup>()
  for (const { spec, clock } of crons) {
    let offsets = offsetsByClock.get(clock)
    // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same offsets again)
    if (!offsets)
      offsetsByClock.set(
        clock,
        (offsets = clock.steadyOffsetMinutes(firstDay, dayCount, ZONE_MARGIN_MS))
      )
    // The same day fields read the same way (POSIX's reading of one cron is measured too).
    const key = `${spec.dayOrWeekday} ${spec.dayFields}`
    let group = byDays.get(key)
    // Stryker disable next-line ConditionalExpression: equivalent, a cache (the same days again)
    if (!group) byDays.set(key, (group = { days: daysRun(spec, calendar), crons: [] }))
    group.crons.push({ spec, clock, offsets })
  }
  const groups = [...byDays.values()]
  let nextReading = 0
  for (let k = 0; k < dayCount; k++) {
    const midnight = (firstDay + k) * MINUTES_PER_DAY // local midnight, written as if it were UTC
    addRunsOfDay(groups, k, midnight, gaps)
    // No later local day has a run before its midnight less the zone margin. Runs are counted a
    // few hundred at a time: sorting one day's runs at a time would cost more than their count.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, settling more often counts the same runs in the same order
    if (gaps.waiting >= RUNS_PER_SETTLE)
      // Stryker disable next-line ArithmeticOperator: equivalent, an earlier limit only counts later
      gaps.settle(midnight + MINUTES_PER_DAY - ZONE_MARGIN_MINUTES)
    // Stryker disable next-line EqualityOperator: equivalent, the first reading comes a day later
    if (gaps.counted >= nextReading) {
      if (outOfTime()) return undefined
      nextReading = gaps.counted + RUNS_PER_CLOCK_READING
    }
  }
  gaps.settle(Infinity)
  const { first, last, longest, beyond } = gaps
  const next = Number.isFinite(beyond) ? beyond * MINUTE_MS : undefined
  if (first === undefined) return { longestGapMs: 0, last: nowMs, next }
  return {
    longestGapMs: Math.max(first * MINUTE_MS - nowMs, longest * MINUTE_MS),
    first: first * MINUTE_MS,
    last: last * MINUTE_MS,
    next
  }
}

/**
 * Adds the runs of every cron on local day `k`. A function of its own: a long loop in
 * measureGaps would have V8 compile all of it, and that costs more CPU than the runs themselves.
 */
function addRunsOfDay(
  groups: readonly DayGroup[],
  k: number,
  midnight: number,
  gaps: GapMeter
): void {
  // Indexed loops: before the code is compiled, `for of` allocates a result for each step.
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!
    if (group.days[k] === 0) continue
    for (let c = 0; c < group.crons.length; c++) {
      const { spec, clock, offsets } = group.crons[c]!
      const offset = offsets[k]!
      // Stryker disable next-line ConditionalExpression: equivalent, the slow path finds the same runs
      if (offset === OFFSET_CHANGES) {
        for (const at of runsOnDay(spec, clock, midnight * MINUTE_MS)) gaps.add(at / MINUTE_MS)
        continue
      }
      // A day of steady offset (nearly all): the cron's times of day, shifted.
      gaps.addTimes(spec.minutesOfDay, midnight - offset)
    }
  }
}

/** Crons that run on the same days, each with its zone's offsets for them. */
interface DayGroup {
  days: Uint8Array
  crons: Array<{ spec: CronSpec; clock: ZoneClock; offsets: Int32Array }>
}

/**
 * Runs (minutes since 1970) waiting to be counted, and the gaps between those counted so far; and
 * the first run past the window, up to `lookahead`.
 */
class GapMeter {
  first: number | undefined
  last = 0
  beyond = Infinity
  /** The longest stretch between two counted runs, in minutes. */
  longest = 0
  counted = 0
  private pending = new Int32Array(1024)
  private size = 0

  get waiting(): number {
    return this.size
  }

  constructor(
    readonly from: number,
    readonly until: number,
    readonly lookahead: number
  ) {}

  /** Adds a run if it falls in the window; keeps the soonest past it, up to the lookahead. */
  add(at: number): void {
    if (at < this.from) return
    if (at > this.until) {
      // Stryker disable next-line EqualityOperator: equivalent, a run missed here is found by nextRunBeyond
      if (at <= this.lookahead && at < this.beyond) this.beyond = at
      return
    }
    if (this.size === this.pending.length) {
      const grown = new Int32Array(this.size * 2)
      grown.set(this.pending)
      this.pending = grown
    }
    this.pending[this.size++] = at
  }

  /** Adds the runs at these minutes of a day from `start`. */
  addTimes(minutes: readonly number[], start: number): void {
    for (let i = 0; i < minutes.length; i++) this.add(start + minutes[i]!)
  }

  /** Counts, in time order, the waiting runs before `limit`: no run still to come is earlier. */
  settle(limit: number): void {
    const size = this.size
    // Stryker disable next-line ConditionalExpression: equivalent, an empty buffer counts nothing
    if (size === 0) return // most days of most crons: no sort, no view
    const runs = this.pending.subarray(0, size).sort()
    let i = 0
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, no later day's run falls on the limit, and a read past the end is undefined
    for (; i < size && runs[i]! < limit; i++) {
      const at = runs[i]!
      if (this.first === undefined) this.first = at
      else this.longest = Math.max(this.longest, at - this.last)
      this.last = at
    }
    runs.copyWithin(0, i, size)
    this.size = size - i
    this.counted += i
  }
}

/** The calendar of `count` days from `firstDay` (days since 1970-01-01), one entry a day. */
interface Calendar {
  months: Uint8Array
  days: Uint8Array
  weekdays: Uint8Array
}

function calendarOf(firstDay: number, count: number): Calendar {
  const calendar = {
    months: new Uint8Array(count),
    days: new Uint8Array(count),
    weekdays: new Uint8Array(count)
  }
  let { month, day, weekday } = dateOf(firstDay * DAY_MS)
  // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores a write past its end
  for (let k = 0; k < count; k++) {
    calendar.months[k] = month
    calendar.days[k] = day
    calendar.weekdays[k] = weekday
    // The next day by counting; the date is worked out again only where a month can end.
    // Stryker disable next-line ConditionalExpression: equivalent, working it out gives the same day
    if (day < 28) {
      day++
      weekday = (weekday + 1) % 7
    } else ({ month, day, weekday } = dateOf((firstDay + k + 1) * DAY_MS))
  }
  return calendar
}

/** For each day of the calendar, 1 if the cron runs on it. */
function daysRun(spec: CronSpec, { months, days, weekdays }: Calendar): Uint8Array {
  const runs = new Uint8Array(months.length)
  const { daysOfMonth, weekdays: weekdaysRun, dayOrWeekday } = spec
  // Stryker disable next-line EqualityOperator: equivalent, a typed array ignores a write past its end
  for (let k = 0; k < runs.length; k++) {
    const byDay = daysOfMonth[days[k]!]!
    const byWeekday = weekdaysRun[weekdays[k]!]!
    // As runsOnDate reads a date, without an object for each day.
    if (spec.months[months[k]!] && (dayOrWeekday ? byDay || byWeekday : byDay && byWeekday))
      runs[k] = 1
  }
  return runs
}

/**
 * The calendar date of a local midnight (written as if it were UTC), by arithmetic: a Date and its
 * getters for each day of each cron cost more than the rest of the day's work. H. Hinnant's
 * civil_from_days; the unit tests compare it with Date over every day from 1900 to 2200.
 */
export function dateOf(localMidnight: number): { month: number; day: number; weekday: number } {
  const days = Math.floor(localMidnight / DAY_MS)
  const shifted = days + 719_468 // days since 0000-03-01
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  return {
    month: monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    // 1970-01-01 was a Thursday (4).
    weekday: ((days % 7) + 7 + 4) % 7
  }
}

/**
 * The UTC instants of a cron's runs on one local date, by GitHub's DST rules; in time order but
 * for the repeated hour's second pass (callers sort, or take the soonest).
 */
function runsOnDay(spec: CronSpec, clock: ZoneClock, midnight: number): number[] {
  // Offsets are within ±14 h: a steady offset over this window covers the whole local day.
  const windowStart = midnight - ZONE_MARGIN_MS
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, the slow path finds the same runs
  if (clock.steadyBetween(windowStart, midnight + DAY_MS + ZONE_MARGIN_MS)) {
    const offset = clock.offsetAt(midnight)
    return spec.minutesOfDay.map(minute => midnight + minute * MINUTE_MS - offset)
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, a non-number marks nothing (NaN index)
  const instants: number[] = []
  for (const minute of spec.minutesOfDay) {
    const local = clock.toUtc(midnight + minute * MINUTE_MS)
    if (local.kind === 'once') instants.push(local.at)
    else if (local.kind === 'skipped') instants.push(local.next)
    else {
      instants.push(local.first)
      if (spec.wildcardTime) instants.push(local.second)
    }
  }
  return instants
}

/**
 * The first run after `afterMs` (the horizon's end), found day by day; Infinity if none. For crons
 * that do not run in the week past the horizon, where measureGaps finds it.
 */
export function nextRunBeyond(crons: readonly CronInZone[], afterMs: number): number {
  let best = Infinity
  for (const { spec, clock: read } of crons) {
    // A local date can lie a day behind UTC's.
    // Stryker disable next-line ArithmeticOperator: equivalent while measureGaps finds any run in the week past afterMs
    const firstDay = Math.floor(afterMs / DAY_MS) - 1
    // Stryker disable next-line EqualityOperator: equivalent, one more day of an 8-year search
    for (let day = firstDay; day < firstDay + NEXT_RUN_SEARCH_DAYS; day++) {
      const midnight = day * DAY_MS
      if (!runsOnDate(spec, dateOf(midnight))) continue
      // The clock the horizon was measured with reaches a few days past its end; past them,
      // the zone is read around the day.
      const clock = read.over(
        midnight - 2 * DAY_MS,
        // Stryker disable next-line ArithmeticOperator: equivalent, a zone is read a scan step (14 days) at a time from the start
        midnight + 2 * DAY_MS
      )
      const after = runsOnDay(spec, clock, midnight).filter(at => at > afterMs)
      if (after.length) {
        best = Math.min(best, ...after)
        break
      }
    }
  }
  return best
}
