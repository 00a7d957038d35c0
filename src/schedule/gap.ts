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
  analysis.longestGapMs = longestGap(crons, now)
  return analysis
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
 * Samples the horizon once a day, 30 seconds off the minute (runs fall on whole minutes, so a
 * sample never coincides with one). The runs just before and after a sample are consecutive
 * runs of the union, so each sample measures a true gap, and every gap of a day or more holds a
 * sample: the result is exact from one day up, and a true (shorter) gap below that.
 */
function longestGap(crons: readonly Cron[], now: Date): number {
  const start = Math.floor(now.getTime() / 60_000) * 60_000 + 30_000
  let longest = 0
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    const at = new Date(start + day * DAY_MS)
    const next = earliest(crons.map(cron => cron.nextRun(at)))
    const previous = latest(crons.map(cron => cron.previousRuns(1, at)[0] ?? null))
    if (!next) return Infinity // no run at all after this point: the schedule has ended
    if (previous)
      longest = Math.max(longest, next.getTime() - Math.max(previous.getTime(), now.getTime()))
  }
  return longest
}

function earliest(dates: Array<Date | null>): Date | undefined {
  return dates.reduce<Date | undefined>((min, d) => (d && (!min || d < min) ? d : min), undefined)
}

function latest(dates: Array<Date | null>): Date | undefined {
  return dates.reduce<Date | undefined>((max, d) => (d && (!max || d > max) ? d : max), undefined)
}
