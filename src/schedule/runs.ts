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
  private runs: number[] = []
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
      const midnight = this.day++ * DAY_MS // local midnight, written as if it were UTC
      this.index = 0
      this.runs = runsOnDate(this.spec, dateOf(midnight))
        ? runsOnDay(this.spec, this.clock, midnight).filter(
            at => at >= this.window.fromMs && at <= this.window.untilMs
          )
        : []
    }
    this.current = this.runs[this.index++]
  }
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
  for (let count = 0; ; count++) {
    // The clock is read once per thousand runs: reading it costs more than a run.
    if (count % 1024 === 0 && outOfTime()) return undefined
    let soonest: CronRuns | undefined
    for (const cursor of cursors)
      if (
        cursor.current !== undefined &&
        (soonest === undefined || cursor.current < soonest.current!)
      )
        soonest = cursor
    if (!soonest) break
    const at = soonest.current!
    soonest.advance()
    longest = Math.max(longest, at - previous)
    previous = at
    first ??= at
  }
  return { longestGapMs: longest, first, last: previous }
}

function dateOf(localMidnight: number): { month: number; day: number; weekday: number } {
  const date = new Date(localMidnight)
  return { month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() }
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
