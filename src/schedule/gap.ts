/**
 * How far apart the runs of a workflow's schedules fall: the longest stretch without a run in the
 * next 400 days, for the union of its crons, each in its own time zone, and the next run.
 *
 * Every run in the horizon is computed, to the minute, straight from the cron's field sets: for
 * each local day the cron runs on, its times of day, through the zone's offset (looked up once per
 * day, and minute by minute only on a day the offset changes). The crons' runs are put in time
 * order a local day at a time, about two days of runs in memory. The work is bounded: at most
 * MAX_CRONS entries, and a time budget after which it gives up.
 */
import { DAY_MS } from '../core/expiry.js'
import { CronError, parseCron, posixReading, quoteShort, type CronSpec } from './cron.js'
import { ZoneClock, isTimeZone } from './zone.js'
import { CLOCK_REACH_PAST_HORIZON_MS, horizonOf, measureGaps, nextRunBeyond } from './runs.js'
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
  /**
   * Crons whose day fields GitHub does not document (a star with a step beside a restricted day):
   * the workflow's gap as this check reads them (Vixie: both days) and as POSIX would (either).
   */
  ambiguous?: Array<{ schedule: Schedule; gapMs: number; posixGapMs: number }>
}

interface ParsedCron {
  spec: CronSpec
  timezone?: string
  schedule: Schedule
}

/** Entries evaluated at most: a real workflow has a handful. */
export const MAX_CRONS = 100

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
  const parsed = new Map<string, ParsedCron>()
  for (const schedule of schedules.slice(0, MAX_CRONS)) {
    try {
      const spec = parseSchedule(schedule)
      analysis.schedules.push(schedule)
      // Stryker disable next-line all: equivalent, only folds a cron written twice (same runs)
      parsed.set(JSON.stringify([schedule.cron.trim(), schedule.timezone]), {
        spec,
        timezone: schedule.timezone,
        schedule
      })
    } catch (err) {
      analysis.invalid.push({ schedule, reason: messageOf(err) })
    }
  }
  if (parsed.size === 0) return analysis

  const crons = [...parsed.values()]
  const clocks = new Map<string | undefined, ZoneClock>()
  const outOfTime = (): boolean => elapsed() > budgetMs
  const measured = measure(crons, now, clocks, outOfTime)
  if (!measured) return { ...analysis, outOfTime: true }
  analysis.longestGapMs = measured.longestGapMs
  // Stryker disable next-line ConditionalExpression: equivalent, every cron parsed runs within 8 years
  if (Number.isFinite(measured.next)) analysis.nextRun = new Date(measured.next)
  // Where GitHub is silent on the day fields, the gap the other reading would give, to say both.
  for (const [i, cron] of crons.entries()) {
    if (!cron.spec.ambiguousDays) continue
    const posix = crons.map((other, j) =>
      j === i ? { ...other, spec: posixReading(other.spec) } : other
    )
    const other = measure(posix, now, clocks, outOfTime)
    if (!other) return { ...analysis, outOfTime: true }
    ;(analysis.ambiguous ??= []).push({
      schedule: cron.schedule,
      gapMs: measured.longestGapMs,
      posixGapMs: other.longestGapMs
    })
  }
  return analysis
}

/** The union's longest gap (the stretch after the horizon's last run included) and next run. */
function measure(
  crons: readonly ParsedCron[],
  now: Date,
  clocks: Map<string | undefined, ZoneClock>,
  outOfTime: () => boolean
): { longestGapMs: number; next: number } | undefined {
  const window = horizonOf(now)
  const inZones = crons.map(({ spec, timezone }) => {
    let clock = clocks.get(timezone)
    // Stryker disable next-line ConditionalExpression: equivalent, a cache (a new clock is the same)
    if (!clock)
      clocks.set(
        timezone,
        (clock = new ZoneClock(
          timezone,
          window.fromMs - DAY_MS,
          window.untilMs + CLOCK_REACH_PAST_HORIZON_MS
        ))
      )
    return { spec, clock }
  })
  const measured = measureGaps(inZones, window, now.getTime(), outOfTime)
  if (!measured) return undefined
  const { longestGapMs, first, last, next } = measured
  // The stretch after the last run in the horizon ends at the first run after it: found as the
  // runs were counted for a cron that runs weekly or more often, looked for here for a rarer one.
  const beyond = next ?? nextRunBeyond(inZones, window.untilMs)
  const trailing = (Number.isFinite(beyond) ? beyond : window.untilMs) - last
  return { longestGapMs: Math.max(longestGapMs, trailing), next: first ?? beyond }
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

/** How a schedule is named in messages: its cron and zone, each quoted short. */
export function describeCron({ cron, timezone }: Schedule): string {
  return `cron ${quoteShort(cron)}${timezone ? ` (${quoteShort(timezone)})` : ''}`
}
