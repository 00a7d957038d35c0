/**
 * How far apart the runs of a workflow's schedules fall: the longest stretch without a run in the
 * next 400 days, for the union of its crons, each in its own time zone, and the next run.
 *
 * Every run in the horizon is marked in a minute-by-minute table (576,000 bytes), so the gap is
 * exact to the minute whatever the crons are. The work is bounded: at most MAX_CRONS entries, and
 * a time budget after which it gives up.
 */
import { DAY_MS } from '../core/expiry.js'
import { CronError, parseCron, quoteShort, runsOnDate, type CronSpec } from './cron.js'
import { ZoneClock, isTimeZone } from './zone.js'
import { messageOf } from '../core/error-text.js'

export interface Schedule {
  cron: string
  /** An IANA zone (GitHub's `timezone:` key); UTC when absent. */
  timezone?: string
}

export interface ScheduleAnalysis {
  /** The crons that were understood, with their timezone. */
  schedules: Schedule[]
  /** Crons that were not, each with why (an invalid cron is a warning, never a crash). */
  invalid: Array<{ schedule: Schedule; reason: string }>
  /** Entries past MAX_CRONS, not evaluated. */
  leftOut: number
  /** The time budget ran out before the runs were all found: no gap, no next run. */
  outOfTime?: boolean
  /** Longest time in the horizon without a run; undefined without valid crons. */
  longestGapMs?: number
  nextRun?: Date
}

export const HORIZON_DAYS = 400
/** Entries evaluated at most: a real workflow has a handful. */
export const MAX_CRONS = 100
const MINUTE_MS = 60_000
/** How far past the horizon the next run of a rare cron (29 February) is looked for. */
const NEXT_RUN_SEARCH_DAYS = 8 * 366
/** More than any zone's offset from UTC (-12 h to +14 h). */
const ZONE_MARGIN_MS = 15 * 3_600_000

export interface AnalysisLimits {
  /** Milliseconds of CPU allowed, measured by `elapsed`. */
  budgetMs?: number
  elapsed?: () => number
}

export function analyseSchedules(
  schedules: readonly Schedule[],
  now: Date,
  { budgetMs = 1000, elapsed = stopwatch() }: AnalysisLimits = {}
): ScheduleAnalysis {
  const analysis: ScheduleAnalysis = {
    schedules: [],
    invalid: [],
    leftOut: Math.max(0, schedules.length - MAX_CRONS)
  }
  const parsed = new Map<string, { spec: CronSpec; timezone?: string }>()
  for (const schedule of schedules.slice(0, MAX_CRONS)) {
    try {
      const spec = parseSchedule(schedule)
      analysis.schedules.push(schedule)
      // Stryker disable next-line all: equivalent, only folds a cron written twice (same runs)
      parsed.set(JSON.stringify([schedule.cron.trim(), schedule.timezone]), {
        spec,
        timezone: schedule.timezone
      })
    } catch (err) {
      analysis.invalid.push({ schedule, reason: messageOf(err) })
    }
  }
  if (parsed.size === 0) return analysis

  const runs = new RunTable(now)
  const clocks = new Map<string | undefined, ZoneClock>()
  for (const { spec, timezone } of parsed.values()) {
    let clock = clocks.get(timezone)
    // Stryker disable next-line ConditionalExpression: equivalent, a cache (a new clock is the same)
    if (!clock)
      clocks.set(
        timezone,
        // Stryker disable next-line ArithmeticOperator: equivalent, past the horizon no run is kept
        (clock = new ZoneClock(timezone, runs.fromMs - DAY_MS, runs.untilMs + DAY_MS))
      )
    const finished = markRuns(spec, clock, runs, () => elapsed() > budgetMs)
    if (!finished) return { ...analysis, outOfTime: true }
  }
  const { longestGapMs, first, last } = runs.measure()
  // The stretch after the last run in the horizon ends at the first run after it.
  const beyond = nextRunBeyond([...parsed.values()], runs.untilMs)
  const trailing = (Number.isFinite(beyond) ? beyond : runs.untilMs) - last
  analysis.longestGapMs = Math.max(longestGapMs, trailing)
  const next = first ?? beyond
  // Stryker disable next-line ConditionalExpression: equivalent, every cron parsed runs within 8 years
  if (Number.isFinite(next)) analysis.nextRun = new Date(next)
  return analysis
}

function parseSchedule({ cron, timezone }: Schedule): CronSpec {
  // Stryker disable next-line ConditionalExpression: equivalent, Intl takes no zone as its default
  if (timezone !== undefined && !isTimeZone(timezone))
    throw new CronError(`its timezone is not an IANA time zone such as Europe/Berlin`)
  return parseCron(cron)
}

function stopwatch(): () => number {
  const start = cpuMs()
  return () => cpuMs() - start
}

/**
 * CPU time this process has used, in ms: the check's budget is CPU, not wall time, so a busy
 * machine (another job on the runner) slows it without making it give up.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

/** One byte per minute of the horizon: 1 where some cron runs. */
class RunTable {
  /** The first whole minute after now: a run at now itself is not a next run. */
  readonly fromMs: number
  readonly untilMs: number
  private readonly marks: Uint8Array

  constructor(private readonly now: Date) {
    this.fromMs = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS
    this.untilMs = now.getTime() + HORIZON_DAYS * DAY_MS
    // Stryker disable next-line ArithmeticOperator: equivalent, a longer table only adds whole days of runs past the horizon, whose gaps the trailing gap measures anyway
    this.marks = new Uint8Array(Math.floor((this.untilMs - this.fromMs) / MINUTE_MS) + 1)
  }

  mark(utcMs: number): void {
    // A typed array ignores a write outside it: runs before now or past the horizon are dropped.
    this.marks[Math.round((utcMs - this.fromMs) / MINUTE_MS)] = 1
  }

  /** The longest stretch between now and the runs; the first run; the last (or now). */
  measure(): { longestGapMs: number; first?: number; last: number } {
    let previous = this.now.getTime()
    let longest = 0
    let first: number | undefined
    for (let i = this.marks.indexOf(1); i !== -1; i = this.marks.indexOf(1, i + 1)) {
      const at = this.fromMs + i * MINUTE_MS
      longest = Math.max(longest, at - previous)
      previous = at
      first ??= at
    }
    return { longestGapMs: longest, first, last: previous }
  }
}

/** Marks every run of one cron in the horizon; false when `outOfTime` said stop. */
function markRuns(
  spec: CronSpec,
  clock: ZoneClock,
  runs: RunTable,
  outOfTime: () => boolean
): boolean {
  // Stryker disable next-line ArithmeticOperator: equivalent, the day of margin below covers the 24 h at most that a wrong sign moves it (offsets west of UTC are 12 h at most)
  const fromLocal = runs.fromMs + clock.offsetAt(runs.fromMs)
  const firstDay = Math.floor(fromLocal / DAY_MS) - 1
  const lastDay = Math.floor((runs.untilMs + clock.offsetAt(runs.untilMs)) / DAY_MS) + 1
  // Stryker disable next-line EqualityOperator: equivalent, lastDay has a day of margin
  for (let day = firstDay; day <= lastDay; day++) {
    if (outOfTime()) return false
    const midnight = day * DAY_MS // local midnight, written as if it were UTC
    if (!runsOnDate(spec, dateOf(midnight))) continue
    for (const at of runsOnDay(spec, clock, midnight)) runs.mark(at)
  }
  return true
}

function dateOf(localMidnight: number): { month: number; day: number; weekday: number } {
  const date = new Date(localMidnight)
  return { month: date.getUTCMonth() + 1, day: date.getUTCDate(), weekday: date.getUTCDay() }
}

/** The UTC instants of a cron's runs on one local date, by GitHub's DST rules. */
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

/** The first run after `afterMs` (the horizon's end), found day by day; Infinity if none. */
function nextRunBeyond(
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

/** How a schedule is named in messages: its cron and zone, each quoted short. */
export function describeCron({ cron, timezone }: Schedule): string {
  return `cron ${quoteShort(cron)}${timezone ? ` (${quoteShort(timezone)})` : ''}`
}
