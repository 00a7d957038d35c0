/**
 * The runs of crons in time order, straight from their field sets: for each local day a cron runs
 * on, its times of day through the zone's offset (minute by minute only on a day the offset
 * changes), merged across crons a day of runs each at a time; and the first run past a horizon.
 */
import { DAY_MS } from '../core/expiry.js'
import { runsOnDate, type CronSpec } from './cron.js'
import { ZoneClock } from './zone.js'

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

/**
 * One cron's runs in the horizon, in time order, a local day at a time: `current` is the next run,
 * undefined once there are no more.
 */
export class CronRuns {
  current: number | undefined
  private day: number
  private readonly lastDay: number
  private runs: readonly number[] = []
  private index = 0

  constructor(
    private readonly spec: CronSpec,
    private readonly clock: ZoneClock,
    private readonly window: Horizon
  ) {
    // Stryker disable next-line ArithmeticOperator: equivalent, the day of margin below covers the 24 h at most that a wrong sign moves it (offsets west of UTC are 12 h at most)
    const fromLocal = window.fromMs + clock.offsetAt(window.fromMs)
    this.day = Math.floor(fromLocal / DAY_MS) - 1
    this.lastDay = Math.floor((window.untilMs + clock.offsetAt(window.untilMs)) / DAY_MS) + 1
    this.advance()
  }

  /** Moves `current` to the next run; a day's runs are computed when the day is reached. */
  advance(): void {
    while (this.index >= this.runs.length) {
      // Stryker disable next-line EqualityOperator: equivalent, lastDay has a day of margin
      if (this.day > this.lastDay) {
        this.current = undefined
        return
      }
      const day = this.day++
      this.index = 0
      this.runs = runsOn(this.spec, this.clock, day, this.window)
    }
    this.current = this.runs[this.index++]
  }
}

const NO_RUNS: readonly number[] = []

/** A cron's runs on one local day (days since 1970-01-01) that fall in the window, in time order. */
function runsOn(spec: CronSpec, clock: ZoneClock, day: number, window: Horizon): readonly number[] {
  // Most crons run on a few weekdays: the weekday alone rules out most days, without a date.
  // Stryker disable next-line ConditionalExpression: equivalent, a fast path: runsOnDate rules the same days out
  if (!spec.dayOrWeekday && !spec.weekdays[weekdayOf(day)]) return NO_RUNS
  const midnight = day * DAY_MS // local midnight, written as if it were UTC
  if (!runsOnDate(spec, dateOf(midnight))) return NO_RUNS
  // A run at the horizon's very end, or just past it, closes the same gap (the trailing one).
  // Stryker disable next-line EqualityOperator: equivalent, see above
  return runsOnDay(spec, clock, midnight).filter(at => at >= window.fromMs && at <= window.untilMs)
}

/** 1970-01-01 (day 0) was a Thursday (4); Sunday is 0. */
function weekdayOf(day: number): number {
  return ((day % 7) + 7 + 4) % 7
}

/**
 * The longest stretch between now and the runs of all the crons, merged in time order; the first
 * run; the last (or now). Undefined when `outOfTime` said stop.
 */
export function measureGaps(
  cursors: CronRuns[],
  nowMs: number,
  outOfTime: () => boolean
): { longestGapMs: number; first?: number; last: number } | undefined {
  let previous = nowMs
  let longest = 0
  let first: number | undefined
  const queue = new RunQueue(cursors)
  // The clock is read once per thousand runs: reading it costs more than a run. How often it is
  // read changes when the check gives up by at most 1,023 runs, never its answer.
  // Stryker disable next-line UpdateOperator: equivalent, see above (and -1024 % 1024 is -0, which === 0)
  for (let count = 0; ; count++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, see above
    if (count % 1024 === 0 && outOfTime()) return undefined
    const at = queue.take()
    if (at === undefined) break
    longest = Math.max(longest, at - previous)
    previous = at
    first ??= at
  }
  return { longestGapMs: longest, first, last: previous }
}

/** The crons' cursors in a binary heap by their next run: the soonest run of all in log(crons). */
class RunQueue {
  private readonly heap: CronRuns[]

  constructor(cursors: readonly CronRuns[]) {
    this.heap = cursors.filter(cursor => cursor.current !== undefined)
    // Stryker disable next-line ArithmeticOperator: equivalent, sinking a leaf or past the end moves nothing
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.sink(i)
  }

  /** The soonest run, its cursor moved on; undefined when no cron has a run left. */
  take(): number | undefined {
    const top = this.heap[0]
    if (!top) return undefined
    const at = top.current!
    top.advance()
    if (top.current === undefined) {
      const last = this.heap.pop()!
      // Stryker disable next-line ConditionalExpression: equivalent, an exhausted cursor put back is taken out by the next call, which ends the merge as this return does
      if (this.heap.length === 0) return at
      this.heap[0] = last
    }
    this.sink(0)
    return at
  }

  private sink(i: number): void {
    const heap = this.heap
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let soonest = i
      // Stryker disable next-line EqualityOperator: equivalent, of two runs at the same instant either may come first
      if (left < heap.length && heap[left]!.current! < heap[soonest]!.current!) soonest = left
      // Stryker disable next-line EqualityOperator: equivalent, as above
      if (right < heap.length && heap[right]!.current! < heap[soonest]!.current!) soonest = right
      if (soonest === i) return
      const moved = heap[i]!
      heap[i] = heap[soonest]!
      heap[soonest] = moved
      i = soonest
    }
  }
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

/** The UTC instants of a cron's runs on one local date, by GitHub's DST rules, in time order. */
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
  // The repeated hour's second pass comes after later times of the first.
  return instants.sort((a, b) => a - b)
}

/** The first run after `afterMs` (the horizon's end), found day by day; Infinity if none. */
export function nextRunBeyond(
  crons: ReadonlyArray<{ spec: CronSpec; timezone?: string }>,
  afterMs: number
): number {
  let best = Infinity
  for (const { spec, timezone } of crons) {
    // A local date can lie a day behind UTC's.
    const firstDay = Math.floor(afterMs / DAY_MS) - 1
    // Stryker disable next-line EqualityOperator: equivalent, one more day of an 8-year search
    for (let day = firstDay; day < firstDay + NEXT_RUN_SEARCH_DAYS; day++) {
      const midnight = day * DAY_MS
      if (!runsOnDate(spec, dateOf(midnight))) continue
      // Stryker disable next-line ArithmeticOperator: equivalent, a zone is scanned a week at a time from the window's start, which covers this day whatever the window's end
      const clock = new ZoneClock(timezone, midnight - 2 * DAY_MS, midnight + 2 * DAY_MS)
      const after = runsOnDay(spec, clock, midnight).filter(at => at > afterMs)
      if (after.length) {
        best = Math.min(best, ...after)
        break
      }
    }
  }
  return best
}
