/**
 * How far apart the runs of a workflow's schedules fall: the longest gap between consecutive runs
 * of the union of its crons over the next 400 days, each in its own time zone, and the next run.
 * Cron arithmetic (names, ranges, steps, the day-of-month / day-of-week OR rule, DST) is croner's;
 * this module only refuses what GitHub's POSIX cron does not take and measures the gaps.
 */
import { Cron } from 'croner'
import { DAY_MS } from '../expiry.js'

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
  /** Longest time between two consecutive runs in the horizon; undefined without valid crons. */
  longestGapMs?: number
  nextRun?: Date
}

export const HORIZON_DAYS = 400

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC'
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT'
/** One POSIX field: numbers or names, `*`, ranges, lists and steps; nothing else (no L, W, #, ?). */
const FIELD = new RegExp(
  `^(\\*|(\\d+|${MONTHS}|${DAYS})(-(\\d+|${MONTHS}|${DAYS}))?)(/\\d+)?$`,
  'i'
)

export function analyseSchedules(schedules: readonly Schedule[], now: Date): ScheduleAnalysis {
  const crons: Cron[] = []
  const analysis: ScheduleAnalysis = { schedules: [], invalid: [] }
  for (const schedule of schedules) {
    try {
      crons.push(toCron(schedule))
      analysis.schedules.push(schedule)
    } catch (err) {
      analysis.invalid.push({ schedule, reason: err instanceof Error ? err.message : String(err) })
    }
  }
  if (crons.length === 0) return analysis
  analysis.nextRun = earliest(crons.map(cron => cron.nextRun(now)))
  const horizon = analysis.schedules.every(repeatsWeekly) ? WEEK_HORIZON_DAYS : HORIZON_DAYS
  analysis.longestGapMs = longestGap(crons, now, horizon)
  return analysis
}

/**
 * Crons on every day of the month and every month, in UTC, repeat week after week exactly, so
 * every gap between their runs starts within a week and ends within the next: two weeks and a
 * day say all that 400 days would, at a thirtieth of the cost. Time zones shift with DST.
 */
const WEEK_HORIZON_DAYS = 15
function repeatsWeekly({ cron, timezone }: Schedule): boolean {
  const [, , day, month] = cron.trim().split(/\s+/)
  return day === '*' && month === '*' && (timezone === undefined || /^(Etc\/)?UTC$/i.test(timezone))
}

function toCron({ cron, timezone }: Schedule): Cron {
  const fields = cron.trim().split(/\s+/)
  if (fields.length !== 5)
    throw new Error(
      `it has ${fields.length} fields; GitHub takes 5 (minute hour day month weekday)`
    )
  for (const field of fields)
    for (const part of field.split(','))
      if (!FIELD.test(part))
        throw new Error(`"${part}" is not POSIX cron (numbers, names, *, -, / and , only)`)
  if (timezone !== undefined && !isTimeZone(timezone))
    throw new Error(`timezone "${timezone}" is not an IANA time zone such as Europe/Berlin`)
  // Day-of-month and day-of-week together match either (POSIX); croner calls that legacy mode.
  const parsed = new Cron(fields.join(' '), {
    timezone,
    mode: '5-part',
    domAndDow: false,
    paused: true
  })
  if (!parsed.nextRun()) throw new Error('it never runs (no such date)')
  return parsed
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/**
 * Walks the runs of the union forward from `now` (the wait for the first run counts as a gap).
 * Where runs come less than a day apart it skips ahead a day at a time: the one gap that spans the
 * skipped point is measured from the runs either side of it, and every gap of a day or more
 * spans such a point. So the result is exact from one day up, and a true (shorter) gap below,
 * in at most about two steps per day of the horizon, each a cron lookup.
 */
function longestGap(crons: readonly Cron[], now: Date, horizonDays: number): number {
  const next = (at: number): Date | undefined =>
    earliest(crons.map(cron => cron.nextRun(new Date(at))))
  const previous = (at: number): Date | undefined =>
    latest(crons.map(cron => cron.previousRuns(1, new Date(at))[0] ?? null))
  const end = now.getTime() + horizonDays * DAY_MS
  let longest = 0
  for (let at = now.getTime(); at < end;) {
    const run = next(at)
    if (!run) return Infinity // no run at all after this point: the schedule has ended
    longest = Math.max(longest, run.getTime() - at) // consecutive runs: a true gap
    if (run.getTime() - at >= DAY_MS) {
      at = run.getTime()
      continue
    }
    // Runs are dense here: jump to a point a day on, 30 s off the minute (never a run itself).
    const probe = Math.floor(at / 60_000) * 60_000 + DAY_MS - 30_000
    const after = next(probe)
    if (!after) return Infinity
    const before = Math.max(previous(probe)?.getTime() ?? at, at)
    longest = Math.max(longest, after.getTime() - before)
    at = after.getTime()
  }
  return longest
}

function earliest(dates: Array<Date | null>): Date | undefined {
  return dates.reduce<Date | undefined>((min, d) => (d && (!min || d < min) ? d : min), undefined)
}

function latest(dates: Array<Date | null>): Date | undefined {
  return dates.reduce<Date | undefined>((max, d) => (d && (!max || d > max) ? d : max), undefined)
}
